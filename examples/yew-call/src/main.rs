//! The yew-call example's entry point: the app, rendered into the page.

fn main() {
    yew::Renderer::<yew_call::App>::new().render();
}
