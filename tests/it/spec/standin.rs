//! A stand-in for OneAtlas on 127.0.0.1 that answers every operation with the OpenAPI file's
//! own example, verbatim (the first one, or the one a test names), as a real account would
//! meet them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::documented_answers;

/// What the stand-in answers: for each (method, path template), the example being served.
type Served = Arc<Mutex<HashMap<(String, String), (u16, Value)>>>;

/// Whether `path` is an instance of `template` (`{x}` matches one segment).
fn matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}')) || t == p)
}

async fn answer(State(served): State<Served>, method: Method, uri: Uri, _body: Bytes) -> Response {
    let served = served.lock().unwrap();
    let found = served
        .iter()
        .filter(|((m, template), _)| *m == method.as_str() && matches(template, uri.path()))
        // The most literal template wins (`/taskings/{id}/segments` over `/{a}/{b}/...`).
        .min_by_key(|((_, template), _)| template.matches('{').count());
    match found {
        Some((_, (status, example))) => (
            StatusCode::from_u16(*status).unwrap(),
            [("content-type", "application/json")],
            example.to_string(),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            format!("the stand-in serves no example for {method} {uri}"),
        )
            .into_response(),
    }
}

/// The stand-in, running on a runtime of its own.
pub struct StandIn {
    served: Served,
    /// Its address, `http://127.0.0.1:port`.
    pub base: String,
    _runtime: tokio::runtime::Runtime,
    /// A data folder for what talks to it.
    pub data: tempfile::TempDir,
}

impl StandIn {
    /// Serves the first example of every documented operation.
    pub fn start() -> StandIn {
        let served: Served = Arc::default();
        for answer in documented_answers() {
            if let Some(example) = answer.example {
                served
                    .lock()
                    .unwrap()
                    .entry((answer.method.clone(), answer.path.clone()))
                    .or_insert((answer.status.parse().unwrap(), example));
            }
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new().fallback(answer).with_state(served.clone());
        runtime.spawn(async move { axum::serve(listener, app).await });
        StandIn {
            served,
            base,
            _runtime: runtime,
            data: tempfile::tempdir().unwrap(),
        }
    }

    /// Serves the example named `name` for `method path` from now on.
    pub fn serve(&self, method: &str, path: &str, name: &str) {
        let answer = documented_answers()
            .into_iter()
            .find(|a| {
                a.method == method && a.path == path && a.example_name.as_deref() == Some(name)
            })
            .unwrap_or_else(|| panic!("no example {name:?} for {method} {path}"));
        self.served.lock().unwrap().insert(
            (method.to_owned(), path.to_owned()),
            (answer.status.parse().unwrap(), answer.example.unwrap()),
        );
    }
}
