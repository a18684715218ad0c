"""/transparency: the site's own figures, quarter by quarter, with nothing about any person."""

from __future__ import annotations

import datetime as dt
import re

from faq_site.extensions import db
from faq_site.models import (
    AccessRequest,
    Question,
    QuestionStatus,
    RequestEvent,
    RequestStatus,
    Right,
)

UTC = dt.UTC


def add_request(index, received, due, *, closed=None, status=RequestStatus.OPEN, extended=False):
    return AccessRequest(
        token=f"t{index}",
        reference=f"SAR-{received.year}-{index:06d}",
        right=Right.ACCESS,
        status=status,
        name="Ann Example",
        email="ann@example.com",
        details="Everything.",
        received=received,
        due=due,
        extended=extended,
        closed=dt.datetime.combine(closed, dt.time(12), tzinfo=UTC) if closed else None,
    )


def table_rows(html: str, caption: str) -> dict[str, list[str]]:
    """The rows of the table with that caption, by quarter: the cells after the row's head."""
    table = re.search(rf'<caption id="{caption}">.*?</table>', html, re.S).group(0)
    return {
        m.group(1): [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", m.group(2))]
        for m in re.finditer(r'<th scope="row">(\d{4} Q\d)</th>(.*?)</tr>', table, re.S)
    }


def test_figures_per_quarter_without_personal_data(app, client):
    app.config["SITE_TODAY"] = "2026-11-29"
    with app.app_context():
        db.session.add_all(
            [
                # 2026 Q3: three received; one completed on time (in Q3), one late (in Q4),
                # one extended and still open.
                add_request(
                    1,
                    dt.date(2026, 7, 1),
                    dt.date(2026, 8, 3),
                    closed=dt.date(2026, 7, 21),
                    status=RequestStatus.COMPLETED,
                ),
                add_request(
                    2,
                    dt.date(2026, 9, 1),
                    dt.date(2026, 10, 1),
                    closed=dt.date(2026, 10, 9),
                    status=RequestStatus.COMPLETED,
                ),
                add_request(
                    3,
                    dt.date(2026, 9, 20),
                    dt.date(2026, 12, 21),
                    extended=True,
                    status=RequestStatus.EXTENDED,
                ),
                # 2026 Q4: one received and refused.
                add_request(
                    4,
                    dt.date(2026, 10, 5),
                    dt.date(2026, 11, 5),
                    closed=dt.date(2026, 10, 20),
                    status=RequestStatus.REFUSED,
                ),
                Question(
                    token="q1",
                    redacted="x",
                    status=QuestionStatus.PUBLISHED,
                    decided=dt.datetime(2026, 11, 2, 9, tzinfo=UTC),
                ),
                Question(
                    token="q2",
                    redacted="x",
                    status=QuestionStatus.DECLINED,
                    decided=dt.datetime(2026, 11, 3, 9, tzinfo=UTC),
                ),
            ]
        )
        db.session.commit()
    response = client.get("/transparency")
    assert response.status_code == 200
    assert (
        response.headers["Cache-Control"] == "public, max-age=300"
        and "Set-Cookie" not in response.headers
    )
    html = response.get_data(as_text=True)
    rows = table_rows(html, "page-figures-caption")
    # received, completed, on time, extended, refused, refused on time, median days, questions
    assert rows["2026 Q4"] == ["1", "1", "0", "0", "1", "1", "39", "1"]
    assert rows["2026 Q3"] == ["3", "1", "1", "1", "0", "0", "21", "0"]
    assert list(rows) == ["2026 Q4", "2026 Q3"], "newest first, from the first active quarter"
    for personal in ("Ann Example", "ann@example.com", "SAR-2026"):
        assert personal not in html


def test_with_nothing_to_count_the_page_says_so(client):
    response = client.get("/transparency")
    assert response.status_code == 200
    assert "There is nothing to count yet." in response.get_data(as_text=True)


def add_complaint(index, received, *, acknowledged=None, closed=None, status=RequestStatus.OPEN):
    """A complaint received on a day; acknowledged and closed on the days given, at noon."""
    noon = lambda day: dt.datetime.combine(day, dt.time(12), tzinfo=UTC)  # noqa: E731
    complaint = add_request(index, received, received + dt.timedelta(days=29), status=status)
    complaint.right = Right.COMPLAINT
    complaint.reference = f"CMP-{received.year}-{index:06d}"
    complaint.closed = noon(closed) if closed else None
    if acknowledged:
        complaint.events.append(RequestEvent(action="acknowledged", created=noon(acknowledged)))
    return complaint


def test_complaint_figures_stand_beside_the_requests(app, client):
    app.config["SITE_TODAY"] = "2026-11-29"
    with app.app_context():
        db.session.add_all(
            [
                # 2026 Q3: received; acknowledged on its 30th day (in Q3), closed in Q4.
                add_complaint(
                    11,
                    dt.date(2026, 9, 1),
                    acknowledged=dt.date(2026, 9, 30),
                    closed=dt.date(2026, 10, 15),
                    status=RequestStatus.COMPLETED,
                ),
                # 2026 Q3: received; acknowledged a day late, in Q4; still open.
                add_complaint(
                    12,
                    dt.date(2026, 9, 20),
                    acknowledged=dt.date(2026, 10, 20),
                    status=RequestStatus.IN_PROGRESS,
                ),
                # 2026 Q4: closed at once with its outcome, which acknowledged it in time.
                add_complaint(
                    13,
                    dt.date(2026, 10, 1),
                    closed=dt.date(2026, 10, 2),
                    status=RequestStatus.COMPLETED,
                ),
                # 2026 Q4: received, not acknowledged yet; and one withdrawn.
                add_complaint(14, dt.date(2026, 11, 20)),
                add_complaint(15, dt.date(2026, 11, 21), status=RequestStatus.WITHDRAWN),
                # A request in Q4, counted among the requests alone.
                add_request(16, dt.date(2026, 11, 2), dt.date(2026, 12, 2)),
            ]
        )
        db.session.commit()
    html = client.get("/transparency").get_data(as_text=True)
    complaints = table_rows(html, "page-complaints-caption")
    # received, acknowledged, acknowledged within 30 days, closed with their outcome
    assert complaints == {"2026 Q4": ["3", "2", "1", "2"], "2026 Q3": ["2", "1", "1", "0"]}
    requests = table_rows(html, "page-figures-caption")
    assert requests["2026 Q4"][0] == "1" and requests["2026 Q3"][0] == "0"
    for personal in ("Ann Example", "ann@example.com", "CMP-2026"):
        assert personal not in html
