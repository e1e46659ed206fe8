//! Standard GeoReport v2 answers mounted on a wiremock server, and a reader for the forms it received.

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Mounts `POST /requests.json` → `[{service_request_id, service_notice}]` and
/// `GET /requests/{service_request_id}.json` → an `open` request with the given notes.
pub async fn mount_open311(server: &MockServer, service_request_id: &str, status_notes: Option<&str>) {
    let created = json!([{ "service_request_id": service_request_id, "service_notice": "Laporan diterima" }]);
    Mock::given(method("POST"))
        .and(path("/requests.json"))
        .respond_with(ResponseTemplate::new(201).set_body_json(created))
        .mount(server)
        .await;
    let request = json!([{
        "service_request_id": service_request_id,
        "status": "open",
        "status_notes": status_notes,
        "agency_responsible": "Dinas Pekerjaan Umum dan Penataan Ruang",
        "service_code": "DPUPR-JALAN",
        "requested_datetime": "2026-11-20T09:15:00+07:00",
        "updated_datetime": "2026-11-21T10:00:00+07:00",
    }]);
    Mock::given(method("GET"))
        .and(path(format!("/requests/{service_request_id}.json")))
        .respond_with(ResponseTemplate::new(200).set_body_json(request))
        .mount(server)
        .await;
}

/// The form fields of every `POST` the server received, in order, as (name, value) pairs.
pub async fn received_forms(server: &MockServer) -> Vec<Vec<(String, String)>> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| url::form_urlencoded::parse(&r.body).into_owned().collect())
        .collect()
}
