//! Internal macros.

/// Declares an enum over a set of spec strings, with an `Unknown(String)` arm
/// for values a newer browser may report, plus `as_str`, `FromStr`,
/// `Display`, `From<&str>` and serde impls that use the spec strings.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $s:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know, kept as the
            /// browser gave it.
            Unknown(String),
        }

        impl $name {
            /// Every value this crate knows, in the spec's order.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),*];

            /// The spec's string for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $s, )*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(match s {
                    $( $s => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s.parse() {
                    Ok(value) => value,
                    Err(never) => match never {},
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::stats::FromStatsValue for $name {
            fn from_stats_value(value: &$crate::stats::StatsValue) -> Option<Self> {
                value.as_str().map(Self::from)
            }
        }

        #[cfg(test)]
        impl $crate::stats::typescript::TsType for $name {
            const KIND: &'static str = "string";
            fn ts() -> String {
                // The known values, and any other string (kept as given).
                let mut union = String::new();
                $( union.push_str(concat!("\"", $s, "\" | ")); )*
                union.push_str("(string & {})");
                union
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(&*s))
            }
        }
    };
}

/// Declares the callback form and the stream form of events of a wrapper,
/// through the wrapper's [`Registry`](crate::event::Registry).
///
/// The wrapper provides `fn event_registry(&self) -> &Registry` and
/// `fn event_target(&self) -> &web_sys::EventTarget`. Each entry gives the
/// doc comment, the DOM event type, the callback method's name, the stream
/// method's name, the item type and `|this| map`, where `map` is an
/// `Fn(&web_sys::Event) -> Item + 'static` built from `this` (the wrapper).
macro_rules! event_methods {
    ($(
        $(#[$doc:meta])*
        $event:literal => $callback:ident, $stream:ident, $item:ty, |$this:ident| $map:expr;
    )*) => {$(
        $(#[$doc])*
        ///
        /// The callback form: `callback` runs for every event until the
        /// returned guard is dropped.
        pub fn $callback(
            &self,
            callback: impl FnMut($item) + 'static,
        ) -> $crate::event::Listener {
            fn adapt<T>(
                map: impl Fn(&::web_sys::Event) -> T + 'static,
                mut callback: impl FnMut(T) + 'static,
            ) -> impl FnMut(::web_sys::Event) + 'static {
                move |event| callback(map(&event))
            }
            let $this = self;
            self.event_registry()
                .listen(self.event_target(), $event, adapt($map, callback))
        }

        $(#[$doc])*
        ///
        /// The stream form: one item per event after the call, until the
        /// stream is dropped.
        pub fn $stream(&self) -> $crate::event::EventStream<$item> {
            let $this = self;
            self.event_registry().stream(self.event_target(), $event, $map)
        }
    )*};
}
