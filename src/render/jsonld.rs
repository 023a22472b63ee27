//! Structured data for the page head (schema.org as JSON-LD): `Review` with `itemReviewed`
//! typed per medium, `ItemList` with each entry's printed rank as its position, `Article` else.

use serde_json::{json, Map, Value};

use crate::domain::{Entry, Piece, Subject};

fn people(names: &[String]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|n| json!({"@type": "Person", "name": n}))
            .collect(),
    )
}

fn item_reviewed(s: &Subject) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        if !v.is_null() && v != json!([]) {
            m.insert(k.to_string(), v);
        }
    };
    match s {
        Subject::Film(f) => {
            put("@type", json!("Movie"));
            put("name", json!(f.title));
            put("director", people(&f.director));
            put("actor", people(&f.cast));
            put("contentRating", json!(f.rated));
            put(
                "productionCompany",
                f.studio
                    .as_ref()
                    .map_or(Value::Null, |s| json!({"@type": "Organization", "name": s})),
            );
            put(
                "dateCreated",
                json!(f
                    .releases
                    .first()
                    .map(|r| r.date.to_string())
                    .or(f.year.map(|y| y.to_string()))),
            );
        }
        Subject::Album(a) => {
            put("@type", json!("MusicAlbum"));
            put("name", json!(a.title));
            put(
                "byArtist",
                a.artist
                    .as_ref()
                    .map_or(Value::Null, |n| json!({"@type": "MusicGroup", "name": n})),
            );
            put(
                "recordLabel",
                a.label
                    .as_ref()
                    .map_or(Value::Null, |n| json!({"@type": "Organization", "name": n})),
            );
            put("datePublished", json!(a.released.map(|d| d.to_string())));
            put("genre", json!(a.genre));
        }
        Subject::Book(b) => {
            put("@type", json!("Book"));
            put("name", json!(b.title));
            put("author", people(&b.author));
            put(
                "publisher",
                b.publisher
                    .as_ref()
                    .map_or(Value::Null, |n| json!({"@type": "Organization", "name": n})),
            );
            put("datePublished", json!(b.published.map(|d| d.to_string())));
            put("numberOfPages", json!(b.pages));
            put("isbn", json!(b.isbn));
        }
        Subject::Stage(st) => {
            put("@type", json!("TheaterEvent"));
            put("name", json!(st.title));
            put(
                "location",
                st.venue.as_ref().map_or(
                    Value::Null,
                    |v| json!({"@type": "Place", "name": v, "address": st.city}),
                ),
            );
            put("startDate", json!(st.opened.map(|d| d.to_string())));
            put("endDate", json!(st.closes.map(|d| d.to_string())));
            put("performer", people(&st.cast));
            put(
                "director",
                st.director
                    .as_ref()
                    .map_or(Value::Null, |d| json!({"@type": "Person", "name": d})),
            );
        }
        Subject::Television(t) => {
            put("@type", json!("TVSeries"));
            put("name", json!(t.title));
            put("creator", people(&t.creator));
            put("actor", people(&t.cast));
            put("startDate", json!(t.premiered.map(|d| d.to_string())));
        }
        Subject::Game(g) => {
            put("@type", json!("VideoGame"));
            put("name", json!(g.title));
            put(
                "author",
                g.developer
                    .as_ref()
                    .map_or(Value::Null, |n| json!({"@type": "Organization", "name": n})),
            );
            put(
                "publisher",
                g.publisher
                    .as_ref()
                    .map_or(Value::Null, |n| json!({"@type": "Organization", "name": n})),
            );
            put("gamePlatform", json!(g.platform));
            put("datePublished", json!(g.released.map(|d| d.to_string())));
        }
    }
    Value::Object(m)
}

/// The schema.org type of one list entry, from the list's item kind.
fn entry_item(kind: &str, e: &Entry) -> Value {
    let (ty, by) = match kind {
        "song" | "track" | "single" => ("MusicRecording", Some("byArtist")),
        "album" | "record" => ("MusicAlbum", Some("byArtist")),
        "film" | "movie" => ("Movie", Some("director")),
        "book" | "novel" => ("Book", Some("author")),
        "show" | "series" | "tv" | "television" => ("TVSeries", Some("creator")),
        "game" => ("VideoGame", None),
        _ => ("CreativeWork", Some("creator")),
    };
    let mut item = json!({"@type": ty, "name": e.title});
    if let (Some(key), Some(c)) = (by, &e.creator) {
        let who = if ty.starts_with("Music") {
            json!({"@type": "MusicGroup", "name": c})
        } else {
            json!({"@type": "Person", "name": c})
        };
        item[key] = who;
    }
    item
}

/// The JSON-LD for `piece`; for a list, `entries` are the ones on this page.
pub fn for_piece(piece: &Piece, site_name: &str, url: Option<&str>, entries: &[&Entry]) -> String {
    let c = &piece.content;
    let mut v = json!({
        "@context": "https://schema.org",
        "headline": c.headline,
        "author": people(&c.bylines),
        "publisher": {"@type": "Organization", "name": site_name},
    });
    if let Some(t) = piece.published_at.or(piece.scheduled_at) {
        v["datePublished"] = json!(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    if let Some(u) = url {
        v["url"] = json!(u);
    }
    if let Some(img) = &c.image {
        v["image"] = json!(img.src);
    }
    if let Some(r) = &c.review {
        v["@type"] = json!("Review");
        v["name"] = json!(c.headline);
        v["itemReviewed"] = item_reviewed(&r.subject);
        if let Some(s) = r.score {
            v["reviewRating"] =
                json!({"@type": "Rating", "ratingValue": s, "bestRating": 10, "worstRating": 0});
        }
    } else if let Some(l) = &c.list {
        v["@type"] = json!("ItemList");
        v["name"] = json!(c.headline);
        v["numberOfItems"] = json!(l.entries.len());
        v["itemListOrder"] = json!(match l.order {
            crate::domain::ListOrder::Countdown => "https://schema.org/ItemListOrderDescending",
            crate::domain::ListOrder::Countup => "https://schema.org/ItemListOrderAscending",
        });
        v["itemListElement"] = Value::Array(
            entries.iter().map(|e| json!({"@type": "ListItem", "position": e.rank, "item": entry_item(&l.item, e)})).collect(),
        );
    } else {
        v["@type"] = json!("Article");
    }
    // `</` inside a script element would end it early; JSON allows the escaped form.
    serde_json::to_string(&v)
        .expect("json serializes")
        .replace("</", "<\\/")
}
