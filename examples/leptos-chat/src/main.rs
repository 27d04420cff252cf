//! The leptos-chat example's entry point: the app, mounted on the page.

fn main() {
    leptos::mount::mount_to_body(leptos_chat::App);
}
