//! The closed vocabularies of the format: actor kinds, statuses, roles, relation kinds,
//! each with the word used for it in files and on the command line.

macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word used for it in files and on the command line.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn parse(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }

            /// "a | b | c", for error messages.
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(" | ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum!(
    /// What kind of actor.
    ActorKind { Person = "person", Organization = "organization", Country = "country", Group = "group", Other = "other" }
);
keyword_enum!(
    /// Whether an event happened, or was only proposed, revoked, denied...
    Status { Actual = "actual", Proposed = "proposed", Revoked = "revoked", Denied = "denied", Planned = "planned", Hypothetical = "hypothetical" }
);
keyword_enum!(
    /// A participant's part in an event; `named`: its sentence names the actor, and no
    /// annotation says more (a text match).
    Role { Agent = "agent", Target = "target", Other = "other", Named = "named" }
);
keyword_enum!(
    /// How one event relates to another.
    RelationKind {
        Causes = "causes", RespondsTo = "responds_to", RetaliatesFor = "retaliates_for",
        Revokes = "revokes", Follows = "follows", PartOf = "part_of", SameAs = "same_as",
    }
);

impl RelationKind {
    /// True when the event carrying the relation must come after its target.
    pub fn comes_after_target(self) -> bool {
        matches!(
            self,
            RelationKind::RespondsTo | RelationKind::RetaliatesFor | RelationKind::Revokes | RelationKind::Follows
        )
    }

    /// How the relation reads from its target's side: "retaliated for by".
    pub fn inverse_label(self) -> &'static str {
        match self {
            RelationKind::Causes => "caused by",
            RelationKind::RespondsTo => "responded to by",
            RelationKind::RetaliatesFor => "retaliated for by",
            RelationKind::Revokes => "revoked by",
            RelationKind::Follows => "followed by",
            RelationKind::PartOf => "has part",
            RelationKind::SameAs => "same as",
        }
    }

    /// How the relation reads from its source's side: "retaliates for".
    pub fn label(self) -> &'static str {
        match self {
            RelationKind::Causes => "causes",
            RelationKind::RespondsTo => "responds to",
            RelationKind::RetaliatesFor => "retaliates for",
            RelationKind::Revokes => "revokes",
            RelationKind::Follows => "follows",
            RelationKind::PartOf => "part of",
            RelationKind::SameAs => "same as",
        }
    }
}
