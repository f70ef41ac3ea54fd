"""A UP42 customer's tasking script, written with the official SDK (up42-py 4.3.0), run against
the sattask sandbox with only the SDK's hosts pointed at it.

    python up42_sdk_flow.py http://127.0.0.1:8765 [--record FILE]

The SDK builds every URL with `up42.host.endpoint(path)`, `host.token_endpoint()` and
`host.user_info_endpoint()` (up42/host.py): those three are the only things replaced. The
sandbox's control endpoints (`/sandbox/...`: its clock, its token lifetime) are called with plain
HTTP, as a person would move time on. Each step prints a line; the first broken expectation
exits 1 naming it. With `--record FILE`, every request the SDK and the script sent and every
answer are written to FILE as JSON (tests/fixtures/up42-sdk/), for the Rust replay test.
"""

import datetime as dt
import json
import os
import sys
from urllib import parse

# The SDK asks PyPI for its latest version at import: not wanted here (no network needed).
os.environ["UP42_DISABLE_VERSION_CHECK"] = "true"

import requests  # noqa: E402  (after the environment is set)
import up42  # noqa: E402
from up42 import host  # noqa: E402
from up42.http import oauth  # noqa: E402

USERNAME = "sandbox@example.com"
PASSWORD = "sandbox"
DAY = 24 * 3600

# The guide's AOI over Toulouse (about 132 km²), and a bow tie that crosses itself.
TOULOUSE = {
    "type": "Polygon",
    "coordinates": [[
        [1.3763809204101562, 43.545313140623726], [1.5095901489257812, 43.545313140623726],
        [1.5095901489257812, 43.656198305413156], [1.3763809204101562, 43.656198305413156],
        [1.3763809204101562, 43.545313140623726],
    ]],
}
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[2.0, 1.0], [1.0, 2.0], [1.0, 1.0], [2.0, 2.0], [2.0, 1.0]]],
}
# About 6 km² near Berlin: under every product's minimum area.
SMALL = {
    "type": "Polygon",
    "coordinates": [[
        [13.40, 52.50], [13.44, 52.50], [13.44, 52.52], [13.40, 52.52], [13.40, 52.50],
    ]],
}

EXCHANGES = []


def recording_send(original):
    """Wraps `requests.Session.send` so every request and answer is kept for --record."""

    def send(session, request, **kwargs):
        response = original(session, request, **kwargs)
        url = parse.urlsplit(request.url)
        body = request.body
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        content_type = request.headers.get("Content-Type")
        if body and content_type and "json" in content_type:
            body = json.loads(body)
        try:
            answer = response.json()
        except ValueError:
            answer = response.text
        EXCHANGES.append({
            "method": request.method,
            "path": url.path,
            "query": url.query or None,
            "contentType": content_type,
            "body": body,
            "status": response.status_code,
            "answer": answer,
        })
        return response

    return send


def expect(condition, what):
    if not condition:
        print(f"FAILED: {what}", flush=True)
        sys.exit(1)
    print(f"ok: {what}", flush=True)


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    base = args[0].rstrip("/")
    record = args[args.index("--record") + 1] if "--record" in args else None
    requests.Session.send = recording_send(requests.Session.send)

    # Only the hosts are pointed at the sandbox.
    host.endpoint = lambda path: f"{base}{path}"
    host.token_endpoint = lambda: f"{base}/realms/public/protocol/openid-connect/token"
    host.user_info_endpoint = lambda: f"{base}/realms/public/protocol/openid-connect/userinfo"

    control = requests.Session()

    def advance(seconds):
        control.post(f"{base}/sandbox/clock/advance", json={"seconds": seconds}).raise_for_status()

    # The SDK reckons a token's expiry on the real clock, the sandbox on its simulated one, which
    # the script moves by days: a token that outlives the jumps keeps the two in agreement.
    control.put(f"{base}/sandbox/token-lifetime", json={"up42_secs": 30 * DAY}).raise_for_status()
    now = dt.datetime.fromisoformat(control.get(f"{base}/sandbox/clock").json()["now"].replace("Z", "+00:00"))

    # 1. Log in: a wrong password is refused, the right one lets the SDK read the userinfo.
    try:
        up42.authenticate(username=USERNAME, password="wrong")
        expect(False, "a wrong password is refused")
    except oauth.WrongCredentials:
        expect(True, "a wrong password is refused")
    up42.authenticate(username=USERNAME, password=PASSWORD)
    workspace_id = up42.base.workspace.id
    expect(bool(workspace_id), f"logged in with client_id up42-sdk; userinfo sub {workspace_id}")

    # 2. The tasking catalogue, a product's schema.
    collections = list(up42.ProductGlossary.get_collections(collection_type=up42.CollectionType.TASKING))
    expect(len(collections) >= 2 and all(c.type == up42.CollectionType.TASKING for c in collections),
           f"{len(collections)} tasking collections listed")
    studied = next(c for c in collections if "FEASIBILITY_STUDY_REQUIRED" in c.integrations)
    quoted = next(c for c in collections if "FEASIBILITY_STUDY_REQUIRED" not in c.integrations
                  and "QUOTATION_REQUIRED" in c.integrations)
    expect(studied.providers[0].name == "oneatlas" and "PRODUCER" in studied.providers[0].roles,
           f"{studied.name} is produced by {studied.providers[0].title}")
    product = next(p for p in studied.data_products if p.name.endswith("display"))
    schema = product.schema
    expect("acquisitionStart" in schema["required"] and "maxCloudCover" in schema["properties"],
           f"schema of {product.name}: required {schema['required']}")

    # 3. An estimate: credits follow the price per km² and the minimum area; a bad AOI is an error.
    params = {
        "acquisitionStart": (now + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "acquisitionEnd": (now + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "acquisitionMode": "MONO",
        "maxCloudCover": 20,
        "maxIncidenceAngle": 30,
    }
    features = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": TOULOUSE},
        {"type": "Feature", "properties": {}, "geometry": BOW_TIE},
        {"type": "Feature", "properties": {}, "geometry": SMALL},
    ]}
    template = up42.BatchOrderTemplate(
        data_product_id=product.id, display_name="SDK Toulouse", features=features,
        params=params, tags=["sdk"],
    )
    costs = [i for i in template.estimate.items if isinstance(i, up42.order_template.OrderCost)]
    errors = [i for i in template.estimate.items if isinstance(i, up42.order_template.OrderError)]
    expect(len(costs) == 2 and [e.index for e in errors] == [1], "the bow tie is refused on its own")
    expect(all(c.unit == "SQ_KM" and c.credits == round(c.size * 1000) for c in costs),
           f"1,000 credits per km²: {[(c.size, c.credits) for c in costs]}")
    expect(costs[1].size == 25, "the small AOI is invoiced at the 25 km² minimum")
    expect(template.estimate.credits == sum(c.credits for c in costs), f"total {template.estimate.credits} credits")

    # 4. Place it: one order per valid AOI, the bow tie an error.
    placed = template.place()
    references = [p for p in placed if isinstance(p, up42.order_template.OrderReference)]
    expect(len(references) == 2 and placed[1].index == 1, "two orders placed, the bow tie refused")
    order = references[0].order
    expect(order.status == "CREATED" and order.details.sub_status == "FEASIBILITY_WAITING_UPLOAD",
           f"order {order.id} {order.status} {order.details.sub_status}")
    expect(order.tags == ["sdk"] and order.data_product_id == product.id, "the order keeps its product and tags")

    # 5. The study arrives an hour later; an option is chosen once.
    advance(3601)
    order = up42.Order.get(order.id)
    expect(order.details.sub_status == "FEASIBILITY_WAITING_RESPONSE", "a study waits for a response")
    study = next(up42.FeasibilityStudy.all(order_id=order.id, decision=["NOT_DECIDED"]))
    study.accept(study.options[0]["id"])
    study.save()
    expect(study.decision == "ACCEPTED" and study.decision_option.id == study.options[0]["id"],
           f"option {study.decision_option.id} chosen")
    try:
        study.save()
        expect(False, "a decided study is not decided again")
    except requests.HTTPError as error:
        expect(error.response.status_code == 409, "a decided study is not decided again (409)")

    # 6. The quotation an hour later, accepted (a PATCH with application/json).
    advance(3601)
    quotation = next(up42.Quotation.all(order_id=order.id))
    expect(quotation.decision == "NOT_DECIDED" and quotation.credits_price > 0,
           f"quotation of {quotation.credits_price} credits")
    quotation.accept()
    quotation.save()
    expect(quotation.decision == "ACCEPTED" and quotation.decided_at, "quotation accepted")
    order = up42.Order.get(order.id)
    expect((order.status, order.details.sub_status) == ("PLACED", "QUOTATION_ACCEPTED"), "the order is placed")

    # 7. Acquisitions, then delivery, on the simulated clock.
    advance(DAY + 1)
    order = up42.Order.get(order.id)
    coverage = up42.OrderCoverage.get(order.id)
    expect(order.status == "BEING_FULFILLED" and 0 < coverage.covered.percentage < 100,
           f"first acquisition: {coverage.covered.percentage}% covered")
    advance(2 * DAY + 1)
    order = up42.Order.get(order.id)
    coverage = up42.OrderCoverage.get(order.id)
    expect(order.is_fulfilled and coverage.covered.percentage == 100, "delivered: the whole AOI acquired")
    fulfilled = [o.id for o in up42.Order.all(order_type="TASKING", status=["FULFILLED"])]
    expect(order.id in fulfilled, "listed among the fulfilled tasking orders")

    # 8. A product without a study goes straight to the quotation; rejected, the order fails.
    direct = next(p for p in quoted.data_products if p.name.endswith("display"))
    template = up42.BatchOrderTemplate(
        data_product_id=direct.id, display_name="SDK direct quotation",
        features={"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": TOULOUSE}]},
        params=params,
    )
    order = template.place()[0].order
    expect(order.details.sub_status == "QUOTATION_WAITING_UPLOAD", f"{quoted.name}: no study")
    advance(3601)
    expect(not list(up42.FeasibilityStudy.all(order_id=order.id)), "no study was made")
    quotation = next(up42.Quotation.all(order_id=order.id, decision=["NOT_DECIDED"]))
    quotation.reject()
    quotation.save()
    order = up42.Order.get(order.id)
    expect((order.status, order.details.sub_status) == ("FAILED_PERMANENTLY", "QUOTATION_REJECTED"),
           "a rejected quotation fails the order")

    # 9. An order is retagged, then canceled while CREATED; its study never comes.
    template = up42.BatchOrderTemplate(
        data_product_id=product.id, display_name="SDK canceled",
        features={"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": TOULOUSE}]},
        params=params,
    )
    order = template.place()[0].order
    order = up42.Order.update(order.id, tags=["to cancel"])
    expect(order.tags == ["to cancel"], "tags replaced (a merge-patch)")
    canceled = order.cancel()
    expect(canceled.status == "CANCELED" and up42.Order.get(order.id).status == "CANCELED", "a CREATED order is canceled")
    advance(3601)
    expect(not list(up42.FeasibilityStudy.all(order_id=order.id)), "a canceled order gets no study")

    if record:
        with open(record, "w", encoding="utf-8") as out:
            json.dump({"sdk": f"up42-py {up42.__version__}", "exchanges": EXCHANGES}, out, indent=1, ensure_ascii=False)
            out.write("\n")
        print(f"recorded {len(EXCHANGES)} exchanges in {record}")
    print("UP42 SDK FLOW OK")


if __name__ == "__main__":
    main()
