//! The npm package's TypeScript stats types, generated from the structs of
//! `types/` so that the two cannot drift: the test here fails when
//! `js/src/api/stats-types.ts` (one interface per stats type with the
//! spec's camelCase members, the `Stats` union, the set of modelled types)
//! or `tests/js/stats-member-kinds.ts` (each member's kind, as
//! [`FromStatsValue`](super::FromStatsValue) checks it, for the tests that
//! hold the browsers' reports to the model) is not what the structs
//! generate; with `UPDATE_GENERATED=1` it writes them.

use super::*;

/// A Rust member type as TypeScript sees it.
pub(crate) trait TsType {
    /// What the decoder checks: `number`, `string`, `boolean`, or an
    /// integer type (`u16`, `u32`, `u64`, `i64`) for an integer in its range.
    const KIND: &'static str;
    /// The TypeScript type.
    fn ts() -> String;
}

macro_rules! ts_type {
    ($($ty:ty => $kind:literal, $ts:literal;)*) => {$(
        impl TsType for $ty {
            const KIND: &'static str = $kind;
            fn ts() -> String {
                $ts.to_owned()
            }
        }
    )*};
}

ts_type! {
    f64 => "number", "number";
    u16 => "u16", "number";
    u32 => "u32", "number";
    u64 => "u64", "number";
    i64 => "i64", "number";
    bool => "boolean", "boolean";
    String => "string", "string";
}

/// A stats struct, from `stats_type!`.
pub(crate) struct Struct {
    pub doc: &'static str,
    pub members: Vec<Member>,
}

/// One member of a stats struct.
pub(crate) struct Member {
    pub key: &'static str,
    pub ts: String,
    pub kind: &'static str,
    pub doc: &'static str,
}

/// One variant of [`Stats`]: its TypeScript name, `type`, the `kind` that
/// selects it (for `media-source`), and its struct.
struct Variant {
    name: &'static str,
    type_name: &'static str,
    kind: Option<&'static str>,
    fields: Struct,
    /// The generic interface of a struct that several variants share.
    shared: Option<&'static str>,
}

fn variants() -> Vec<Variant> {
    let variant = |name, type_name, kind, fields| Variant {
        name,
        type_name,
        kind,
        fields,
        shared: None,
    };
    let candidate = |name, type_name| Variant {
        shared: Some("IceCandidateStats"),
        ..variant(name, type_name, None, IceCandidateStats::typescript())
    };
    vec![
        variant("CodecStats", "codec", None, CodecStats::typescript()),
        variant(
            "InboundRtpStats",
            "inbound-rtp",
            None,
            InboundRtpStats::typescript(),
        ),
        variant(
            "OutboundRtpStats",
            "outbound-rtp",
            None,
            OutboundRtpStats::typescript(),
        ),
        variant(
            "RemoteInboundRtpStats",
            "remote-inbound-rtp",
            None,
            RemoteInboundRtpStats::typescript(),
        ),
        variant(
            "RemoteOutboundRtpStats",
            "remote-outbound-rtp",
            None,
            RemoteOutboundRtpStats::typescript(),
        ),
        variant(
            "AudioSourceStats",
            "media-source",
            Some("audio"),
            AudioSourceStats::typescript(),
        ),
        variant(
            "VideoSourceStats",
            "media-source",
            Some("video"),
            VideoSourceStats::typescript(),
        ),
        variant(
            "MediaPlayoutStats",
            "media-playout",
            None,
            MediaPlayoutStats::typescript(),
        ),
        variant(
            "PeerConnectionStats",
            "peer-connection",
            None,
            PeerConnectionStats::typescript(),
        ),
        variant(
            "DataChannelStats",
            "data-channel",
            None,
            DataChannelStats::typescript(),
        ),
        variant(
            "TransportStats",
            "transport",
            None,
            TransportStats::typescript(),
        ),
        variant(
            "CandidatePairStats",
            "candidate-pair",
            None,
            CandidatePairStats::typescript(),
        ),
        candidate("LocalCandidateStats", "local-candidate"),
        candidate("RemoteCandidateStats", "remote-candidate"),
        variant(
            "CertificateStats",
            "certificate",
            None,
            CertificateStats::typescript(),
        ),
    ]
}

/// A JSDoc comment of `doc` (rustdoc lines, each with its leading space),
/// indented by `indent`.
fn jsdoc(doc: &str, indent: &str) -> String {
    let lines: Vec<&str> = doc
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect();
    match lines.as_slice() {
        [] => String::new(),
        [line] => format!("{indent}/** {line} */\n"),
        lines => {
            let mut out = format!("{indent}/**\n");
            for line in lines {
                if line.is_empty() {
                    out.push_str(&format!("{indent} *\n"));
                } else {
                    out.push_str(&format!("{indent} * {line}\n"));
                }
            }
            out.push_str(&format!("{indent} */\n"));
            out
        }
    }
}

/// The header of both generated files.
const HEADER: &str = "// Generated from the Rust stats structs (src/stats/types/) by\n\
     // src/stats/typescript.rs; do not edit. `cargo test --lib typescript`\n\
     // fails when this file and the structs differ; with UPDATE_GENERATED=1\n\
     // it writes this file.\n";

/// The variant's key in the generated tables: its `type`, and for
/// `media-source` its `kind` (`media-source/audio`).
fn key(variant: &Variant) -> String {
    match variant.kind {
        Some(kind) => format!("{}/{}", variant.type_name, kind),
        None => variant.type_name.to_owned(),
    }
}

/// The members of `variant`'s interface.
fn push_members(out: &mut String, variant: &Variant) {
    for member in &variant.fields.members {
        out.push_str(&jsdoc(member.doc, "  "));
        match (member.key, variant.kind) {
            // The variant stands for this kind.
            ("kind", Some(kind)) => out.push_str(&format!("  readonly kind: {kind:?};\n")),
            (key, _) => out.push_str(&format!("  readonly {key}?: {};\n", member.ts)),
        }
    }
}

/// The text of `js/src/api/stats-types.ts`: the interfaces, the union, and
/// the set of modelled types.
pub(crate) fn generate_types() -> String {
    let variants = variants();
    let mut out = String::from(HEADER);
    out.push_str(
        "\n/** What every stats object has. */\n\
         export interface StatsBase<T extends string> {\n\
         \x20 /** The object's id, unique in its report. */\n\
         \x20 readonly id: string;\n\
         \x20 /** When it was measured, in milliseconds since the epoch. */\n\
         \x20 readonly timestamp: number;\n\
         \x20 /** The spec's `type`. */\n\
         \x20 readonly type: T;\n\
         }\n",
    );
    let mut emitted_shared = Vec::new();
    for variant in &variants {
        out.push('\n');
        if let Some(shared) = variant.shared {
            if !emitted_shared.contains(&shared) {
                emitted_shared.push(shared);
                // The struct's doc up to its MDN link (the rest is about
                // the Rust type's serialization).
                let doc = variant.fields.doc;
                let doc = match doc.find(" See ") {
                    Some(start) => &doc[..start + doc[start..].find('\n').unwrap_or(0) + 1],
                    None => doc,
                };
                out.push_str(&jsdoc(doc, ""));
                out.push_str(&format!(
                    "export interface {shared}<T extends string = string> extends StatsBase<T> {{\n"
                ));
                push_members(&mut out, variant);
                out.push_str("}\n\n");
            }
            out.push_str(&format!("/** A `{}` object. */\n", variant.type_name));
            out.push_str(&format!(
                "export interface {} extends {shared}<{:?}> {{}}\n",
                variant.name, variant.type_name
            ));
            continue;
        }
        out.push_str(&jsdoc(variant.fields.doc, ""));
        out.push_str(&format!(
            "export interface {} extends StatsBase<{:?}> {{\n",
            variant.name, variant.type_name
        ));
        push_members(&mut out, variant);
        out.push_str("}\n");
    }
    out.push_str(
        "\n/**\n\
         \x20* A stats object of a type this library does not model (the obsolete\n\
         \x20* `track`, `stream`, `sender`, `receiver`, `csrc`, `ice-server`,\n\
         \x20* `transceiver`, any a browser adds, or a `media-source` of no known\n\
         \x20* kind), with its members as the browser gave them.\n\
         \x20*/\n\
         export interface OtherStats extends StatsBase<string> {\n\
         \x20 readonly [member: string]: unknown;\n\
         }\n",
    );
    out.push_str(
        "\n/** A stats object of a type this library models. */\nexport type KnownStats =\n",
    );
    for variant in &variants {
        out.push_str(&format!("  | {}\n", variant.name));
    }
    out.pop();
    out.push_str(
        ";\n\n/** One stats object, by `type`. */\nexport type Stats = KnownStats | OtherStats;\n",
    );
    out.push_str(
        "\n/** The `type`s this library models. */\nexport type StatsType = KnownStats[\"type\"];\n\
         \n/** The stats objects of `type` `T`. */\n\
         export type StatsOfType<T extends StatsType> = Extract<KnownStats, { readonly type: T }>;\n\
         \n/** @internal The modelled types, by `type` (and `kind`, for `media-source`: `media-source/audio`). */\n\
         export const MODELLED: ReadonlySet<string> = new Set([\n",
    );
    for variant in &variants {
        out.push_str(&format!("  {:?},\n", key(variant)));
    }
    out.push_str("]);\n");
    out
}

/// `{ member: kind, ... }` of `variant`.
fn push_kinds(out: &mut String, variant: &Variant) {
    out.push_str("{\n");
    for member in &variant.fields.members {
        out.push_str(&format!("    {}: {:?},\n", member.key, member.kind));
    }
    out.push_str("  }");
}

/// The text of `tests/js/stats-member-kinds.ts`: what each modelled member
/// must be, for the tests that check the browsers' reports against the
/// model.
pub(crate) fn generate_kinds() -> String {
    let mut out = String::from(HEADER);
    let mut shared = Vec::new();
    for variant in variants() {
        if let Some(name) = variant.shared.filter(|name| !shared.contains(name)) {
            shared.push(name);
            out.push_str(&format!(
                "\n/** The members of `{name}`. */\nconst {} = ",
                name.to_uppercase()
            ));
            push_kinds(&mut out, &variant);
            out.push_str(" as const;\n");
        }
    }
    out.push_str(
        "\n/**\n\
         \x20* Each modelled member's kind, by `type` (and `kind`, for\n\
         \x20* `media-source`: `media-source/audio`): `number`, `string`, `boolean`,\n\
         \x20* or an integer type (`u16`, `u32`, `u64`, `i64`) for an integer in its\n\
         \x20* range, as the Rust decoder takes them.\n\
         \x20*/\n\
         export const STATS_MEMBER_KINDS: {\n\
         \x20 readonly [variant: string]: { readonly [member: string]: \"number\" | \"string\" | \"boolean\" | \"u16\" | \"u32\" | \"u64\" | \"i64\" };\n\
         } = {\n",
    );
    for variant in &variants() {
        out.push_str(&format!("  {:?}: ", key(variant)));
        match variant.shared {
            Some(shared) => out.push_str(&format!("{},\n", shared.to_uppercase())),
            None => {
                push_kinds(&mut out, variant);
                out.push_str(",\n");
            }
        }
    }
    out.push_str("};\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typescript_declarations_match_the_rust_structs() {
        let root = env!("CARGO_MANIFEST_DIR");
        for (file, generated) in [
            ("js/src/api/stats-types.ts", generate_types()),
            ("tests/js/stats-member-kinds.ts", generate_kinds()),
        ] {
            let path = format!("{root}/{file}");
            if std::env::var_os("UPDATE_GENERATED").is_some() {
                std::fs::write(&path, &generated).unwrap();
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == generated,
                "{file} is not what the Rust stats structs generate: run \
                 `UPDATE_GENERATED=1 cargo test --lib typescript` and commit it"
            );
        }
    }

    /// The TypeScript interface of each variant of `Stats` (a variant added
    /// to `Stats` does not compile here until it has one).
    fn interface_of(stats: &Stats) -> &'static str {
        match stats {
            Stats::Codec(_) => "CodecStats",
            Stats::InboundRtp(_) => "InboundRtpStats",
            Stats::OutboundRtp(_) => "OutboundRtpStats",
            Stats::RemoteInboundRtp(_) => "RemoteInboundRtpStats",
            Stats::RemoteOutboundRtp(_) => "RemoteOutboundRtpStats",
            Stats::AudioSource(_) => "AudioSourceStats",
            Stats::VideoSource(_) => "VideoSourceStats",
            Stats::MediaPlayout(_) => "MediaPlayoutStats",
            Stats::PeerConnection(_) => "PeerConnectionStats",
            Stats::DataChannel(_) => "DataChannelStats",
            Stats::Transport(_) => "TransportStats",
            Stats::CandidatePair(_) => "CandidatePairStats",
            Stats::LocalCandidate(_) => "LocalCandidateStats",
            Stats::RemoteCandidate(_) => "RemoteCandidateStats",
            Stats::Certificate(_) => "CertificateStats",
            Stats::Other(_) => "OtherStats",
        }
    }

    /// Each row of the table decodes as the variant of `Stats` it names,
    /// and no variant has two rows.
    #[test]
    fn the_variant_table_is_the_decoders() {
        let mut seen = std::collections::HashSet::new();
        for variant in variants() {
            let mut members = Members::new();
            members.insert("type".into(), StatsValue::String(variant.type_name.into()));
            if let Some(kind) = variant.kind {
                members.insert("kind".into(), StatsValue::String(kind.into()));
            }
            let stats = Stats::from_members(members);
            assert_eq!(interface_of(&stats), variant.name);
            assert_eq!(stats.type_name(), variant.type_name);
            assert!(seen.insert(variant.name), "{} twice", variant.name);
        }
    }
}
