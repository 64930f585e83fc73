//! Test-only controls under `/__sim/`: fault injection and the request log.
//! The console never calls these; end-to-end tests do, to make the next N
//! responses of a route misbehave and to count what actually arrived.

use std::{sync::Arc, time::Duration};

use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultAction {
    /// Never answer (until the client gives up).
    Hang,
    /// Answer normally after a delay.
    Delay { ms: u64 },
    /// Drop the connection before the handler runs: nothing is applied.
    Reset,
    /// Run the handler (a write is applied), then drop the connection.
    ResetAfter,
    /// Answer with this status and body instead of the handler.
    Status {
        status: u16,
        #[serde(default)]
        body: String,
        #[serde(default)]
        content_type: Option<String>,
        #[serde(default)]
        headers: Vec<(String, String)>,
    },
    /// Run the handler, then send its JSON cut in half.
    Malformed,
    /// Run the handler, then send its body `bytes` at a time, one piece
    /// every `every_ms` (a large answer over a slow link).
    Trickle { bytes: usize, every_ms: u64 },
    /// Run the handler, then multiply the `distance` and `duration` of each
    /// item of its JSON list (rounded to whole units if `round`): an Ocean
    /// that answers in another unit (kilometres, minutes), which it does not
    /// publish. For tests only, like every fault.
    Scale {
        #[serde(default = "unit")]
        distance: f64,
        #[serde(default = "unit")]
        duration: f64,
        #[serde(default)]
        round: bool,
    },
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Fault {
    /// Path prefix, e.g. `/emabler/` or `/vehizen/api/v2/CustomerGroup`.
    pub path: String,
    /// Only this method, or any when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// How many matching requests it applies to.
    #[serde(default = "one")]
    pub times: u32,
    pub action: FaultAction,
}

fn one() -> u32 {
    1
}

fn unit() -> f64 {
    1.0
}

#[derive(Clone, Debug, Serialize)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

#[derive(Default)]
pub struct Control {
    faults: Mutex<Vec<Fault>>,
    log: Mutex<Vec<LoggedRequest>>,
}

pub type SharedControl = Arc<Control>;

pub fn router(control: SharedControl) -> Router {
    Router::new()
        .route("/__sim/health", get(|| async { "ok" }))
        .route("/__sim/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/__sim/requests", get(list_requests).delete(clear_requests))
        .with_state(control)
}

async fn list_faults(State(c): State<SharedControl>) -> Json<Vec<Fault>> {
    Json(c.faults.lock().await.clone())
}

async fn add_fault(State(c): State<SharedControl>, Json(fault): Json<Fault>) -> StatusCode {
    c.faults.lock().await.push(fault);
    StatusCode::CREATED
}

async fn clear_faults(State(c): State<SharedControl>) -> StatusCode {
    c.faults.lock().await.clear();
    StatusCode::NO_CONTENT
}

async fn list_requests(State(c): State<SharedControl>) -> Json<Vec<LoggedRequest>> {
    Json(c.log.lock().await.clone())
}

async fn clear_requests(State(c): State<SharedControl>) -> StatusCode {
    c.log.lock().await.clear();
    StatusCode::NO_CONTENT
}

/// Takes the first fault matching this request and uses up one of its times.
async fn take_fault(c: &Control, method: &Method, path: &str) -> Option<FaultAction> {
    let mut faults = c.faults.lock().await;
    let idx = faults.iter().position(|f| {
        path.starts_with(&f.path)
            && f.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
            && f.times > 0
    })?;
    let action = faults[idx].action.clone();
    faults[idx].times -= 1;
    if faults[idx].times == 0 {
        faults.remove(idx);
    }
    Some(action)
}

fn header_pairs(h: &HeaderMap) -> Vec<(String, String)> {
    h.iter().map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect()
}

/// A response whose body fails at once: hyper then aborts the connection,
/// which a client (or the proxy in front of us) sees as a dropped connection.
fn connection_reset() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "simulated connection reset",
        ))
    });
    Response::new(Body::from_stream(stream))
}

/// Middleware on the vendor routes: logs each request, then applies a fault.
pub async fn observe(State(c): State<SharedControl>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
    let path = parts.uri.path().to_string();
    c.log.lock().await.push(LoggedRequest {
        method: parts.method.to_string(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_string),
        headers: header_pairs(&parts.headers),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    });
    let fault = take_fault(&c, &parts.method, &path).await;
    let req = Request::from_parts(parts, Body::from(bytes));
    match fault {
        None => next.run(req).await,
        Some(FaultAction::Hang) => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        Some(FaultAction::Delay { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Some(FaultAction::Reset) => connection_reset(),
        Some(FaultAction::ResetAfter) => {
            let _applied = next.run(req).await;
            connection_reset()
        }
        Some(FaultAction::Status { status, body, content_type, headers }) => {
            let mut res = Response::new(Body::from(body));
            *res.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let ct = content_type.unwrap_or_else(|| "application/json; charset=utf-8".into());
            if let Ok(v) = ct.parse() {
                res.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            for (k, v) in headers {
                if let (Ok(k), Ok(v)) = (k.parse::<header::HeaderName>(), v.parse()) {
                    res.headers_mut().insert(k, v);
                }
            }
            res
        }
        Some(FaultAction::Trickle { bytes, every_ms }) => {
            let res = next.run(req).await;
            let (parts, body) = res.into_parts();
            let full = to_bytes(body, 256 * 1024 * 1024).await.unwrap_or_default();
            let pieces: Vec<_> = (0..full.len())
                .step_by(bytes.max(1))
                .map(|at| full.slice(at..full.len().min(at + bytes.max(1))))
                .collect();
            let stream = futures_util::StreamExt::then(futures_util::stream::iter(pieces), move |piece| async move {
                tokio::time::sleep(Duration::from_millis(every_ms)).await;
                Ok::<_, std::io::Error>(piece)
            });
            Response::from_parts(parts, Body::from_stream(stream))
        }
        Some(FaultAction::Malformed) => {
            let res = next.run(req).await;
            let (mut parts, body) = res.into_parts();
            let full = to_bytes(body, 64 * 1024 * 1024).await.unwrap_or_default();
            let cut = full.slice(0..full.len() / 2);
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(cut))
        }
        Some(FaultAction::Scale { distance, duration, round }) => {
            let res = next.run(req).await;
            let (mut parts, body) = res.into_parts();
            let full = to_bytes(body, 256 * 1024 * 1024).await.unwrap_or_default();
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(scaled(&full, distance, duration, round)))
        }
    }
}

/// A JSON list with each item's `distance` and `duration` multiplied (keys
/// keep their order: serde_json preserves it here). Anything else is sent
/// back as it was.
fn scaled(body: &[u8], distance: f64, duration: f64, round: bool) -> Vec<u8> {
    let Ok(serde_json::Value::Array(mut items)) = serde_json::from_slice(body) else { return body.to_vec() };
    for item in items.iter_mut().filter_map(serde_json::Value::as_object_mut) {
        for (key, by) in [("distance", distance), ("duration", duration)] {
            if let Some(x) = item.get(key).and_then(serde_json::Value::as_f64) {
                let x = if round { (x * by).round() } else { x * by };
                item.insert(key.into(), serde_json::json!(x));
            }
        }
    }
    serde_json::to_vec(&items).unwrap_or_else(|_| body.to_vec())
}

#[cfg(test)]
mod tests {
    use super::scaled;

    #[test]
    fn scale_multiplies_distances_and_durations_and_keeps_the_rest() {
        let body =
            br#"[{"address":null,"distance":2345.0,"duration":null,"eta":null},{"distance":3600,"duration":600}]"#;
        let out = String::from_utf8(scaled(body, 0.001, 1.0 / 60.0, true)).expect("utf-8");
        assert_eq!(
            out,
            r#"[{"address":null,"distance":2.0,"duration":null,"eta":null},{"distance":4.0,"duration":10.0}]"#
        );
        assert_eq!(scaled(b"{\"a\":1}", 0.001, 1.0, false), b"{\"a\":1}".to_vec());
    }
}
