"""The report in a real headless browser: every image loads, no console error, no network request
beyond the report's own files; a screenshot is saved under pytest's tmp folder.

Chromium is Debian's package (``/usr/bin/chromium``), driven over the DevTools protocol on a pipe
(``tests/report/cdp.py``, no extra package, no browser download). ``.ci/run`` installs it when missing
and sets ``ISACNET_REQUIRE_BROWSER=1``: there the test fails without a browser; elsewhere it skips.
"""

import os

import pytest

from isacnet.report import write_report

from .cdp import HeadlessChromium, find_chromium


@pytest.fixture(scope="module")
def chromium():
    path = find_chromium()
    if path is None:
        if os.environ.get("ISACNET_REQUIRE_BROWSER") == "1":
            pytest.fail("ISACNET_REQUIRE_BROWSER=1 but no Chromium at /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("no Chromium installed (CI installs it: .ci/run)")
    return path


@pytest.mark.timeout(300)
def test_report_renders_in_headless_chromium(results_copy, chromium, tmp_path):
    write_report(results_copy)
    page = (results_copy / "report.html").resolve()
    with HeadlessChromium(chromium, tmp_path / "profile") as browser:
        browser.load(page.as_uri())
        images = browser.evaluate("Array.from(document.images).map("
                                  "i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0}))")
        shot = browser.screenshot(tmp_path / "report.png")
        errors = browser.console_errors()
        foreign = [u for u in browser.requested_urls() if not u.startswith(("file:", "data:", "about:"))]
        title = browser.evaluate("document.title")
        claims_rows = browser.evaluate("document.querySelectorAll('tr[id^=claim-]').length")
    assert title == "isacnet report"
    assert len(images) == 3 and all(i["ok"] for i in images), images
    assert errors == []
    assert foreign == []
    assert claims_rows == 2
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
