"""The portal itself with two routes that return the same bytes as the form page without
rendering it: how fast the portal can answer at all, before the page is drawn.

/refer/bench/const goes through everything every request goes through (session, language,
rate limiter, security headers); /refer/bench/draft also looks up the browser's draft, which
every journey page must do.
"""

import os
from pathlib import Path

from portal import create_app
from portal.referral import drafts

PAGE = Path(os.environ["BARE_PAGE"]).read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}

app = create_app()


@app.get("/refer/bench/const")
def const():
    return PAGE, 200, HTML


@app.get("/refer/bench/draft")
def draft():
    drafts.current()
    return PAGE, 200, HTML
