//! The closed vocabularies of the data format (segments, statuses, roles, stances, …).
//!
//! Each is a Rust enum whose TOML spelling is listed once, in the `words!` invocation; the
//! same list feeds parsing, error messages ("must be one of …"), did-you-mean suggestions,
//! serialisation and the JSON Schema.

use schemars::JsonSchema;
use serde::Serialize;

/// A closed vocabulary read from a TOML string.
pub trait Word: Sized + Copy + 'static {
    const WORDS: &'static [&'static str];
    fn from_word(s: &str) -> Option<Self>;
    fn as_str(self) -> &'static str;
}

macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $word:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
        pub enum $name {
            $(#[serde(rename = $word)] $variant,)*
        }

        impl Word for $name {
            const WORDS: &'static [&'static str] = &[$($word),*];
            fn from_word(s: &str) -> Option<Self> {
                match s {
                    $($word => Some($name::$variant),)*
                    _ => None,
                }
            }
            fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)*
                }
            }
        }

        /// One byte in the parse cache: the word's place in the list.
        impl $crate::cache::codec::Codec for $name {
            fn put(&self, out: &mut Vec<u8>) {
                out.push(*self as u8);
            }
            fn get(input: &mut $crate::cache::codec::Input<'_>) -> Option<Self> {
                Self::WORDS.get(usize::from(input.byte()?)).and_then(|w| Self::from_word(w))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words!(
    /// What kind of customer an account is.
    Segment { Enterprise = "enterprise", Government = "government", Dealer = "dealer", GroupBuy = "group-buy", Individual = "individual", Other = "other" }
);
words!(
    /// Where an account is in its lifecycle (potential → target → cooperating).
    AccountStatus { Prospect = "prospect", Target = "target", Active = "active", AtRisk = "at-risk", Dormant = "dormant", Churned = "churned" }
);
words!(
    /// A person's role on our side.
    PersonRole { Gm = "gm", SalesManager = "sales-manager", KaManager = "ka-manager", Rep = "rep", Presales = "presales", Service = "service", Finance = "finance", Other = "other" }
);
words!(
    /// A contact's part in the customer's decision chain.
    ContactRole {
        DecisionMaker = "decision-maker", EconomicBuyer = "economic-buyer", Purchaser = "purchaser",
        Technical = "technical", User = "user", Influencer = "influencer", Coach = "coach",
        Finance = "finance", Liaison = "liaison", OpinionLeader = "opinion-leader",
    }
);
words!(
    /// Where a contact stands towards us.
    Stance { Champion = "champion", Supporter = "supporter", Neutral = "neutral", Skeptic = "skeptic", Opponent = "opponent" }
);
words!(
    /// What happened in an interaction.
    InteractionKind {
        Visit = "visit", Meeting = "meeting", Call = "call", Email = "email", Message = "message",
        Event = "event", Order = "order", Payment = "payment", Complaint = "complaint",
        Survey = "survey", Note = "note",
    }
);
words!(
    /// How an interaction went.
    Sentiment { Positive = "positive", Neutral = "neutral", Negative = "negative" }
);
words!(
    /// How serious a complaint is.
    ComplaintSeverity { Low = "low", Medium = "medium", High = "high" }
);
words!(
    /// Where a complaint is in its handling: judge → decide → communicate → follow up → confirm.
    ComplaintStatus { Open = "open", Decided = "decided", Communicated = "communicated", FollowingUp = "following-up", Confirmed = "confirmed" }
);
words!(
    /// A competitor's position at an account.
    CompetitorPosition { Incumbent = "incumbent", Challenger = "challenger", Minor = "minor" }
);
words!(
    /// The four key-account strategies.
    StrategyKind { Information = "information", DecisionChain = "decision-chain", Competition = "competition", Team = "team" }
);
