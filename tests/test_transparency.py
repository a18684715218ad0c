"""/transparency: the site's own figures, quarter by quarter, with nothing about any person."""

from __future__ import annotations

import datetime as dt
import re

from faq_site.extensions import db
from faq_site.models import AccessRequest, Question, QuestionStatus, RequestStatus, Right

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
    rows = {
        label: [cell.strip() for cell in cells]
        for label, cells in (
            (m.group(1), re.findall(r"<td>(.*?)</td>", m.group(2)))
            for m in re.finditer(r'<th scope="row">(\d{4} Q\d)</th>(.*?)</tr>', html, re.S)
        )
    }
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
