//! Articles and the actors they declare.

use super::{ActorKind, Loc, When};
use crate::text::Text;

/// A news article: where its events were read.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    pub title: Text,
    pub source: Option<Text>,
    pub author: Option<Text>,
    pub published: Option<When>,
    pub url: Option<Text>,
    pub text: Option<Text>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub name: Text,
    pub aliases: Vec<Text>,
    pub kind: ActorKind,
    pub description: Option<Text>,
    /// False for an actor only named by a participant and declared nowhere.
    pub declared: bool,
}
