"""The web page at `/`: paste text or drop a file, watch the job, read the brief beside its source.

Server-rendered HTML; `static/app.js` submits to /v1/jobs, polls the job and puts the brief's HTML
(`format=html`, see `view`) in place. No build step, no third-party script.
"""

from __future__ import annotations

from summarizer._version import __version__


def index_page(auth_required: bool, max_bytes: int) -> str:
    token = (
        "<label class='token'>Bearer token <input type='password' id='token' autocomplete='off' "
        "placeholder='required by this server'></label>"
        if auth_required
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>summarizer</title><link rel="stylesheet" href="/static/style.css">
<script src="/static/app.js" defer></script></head>
<body data-max-bytes="{max_bytes}">
<header><h1>summarizer</h1>
<p>Documents in, verified briefs out: every highlighted item was found in the source.</p></header>
<form id="submit-form">
  {token}
  <textarea id="text" name="text" rows="10"
    placeholder="Paste an article here, or drop a file (text, Markdown, HTML, PDF)"></textarea>
  <div id="drop" class="drop" tabindex="0">Drop a file here or
    <label>choose one <input type="file" id="file"></label> <span id="file-name"></span></div>
  <button type="submit" id="go">Summarize</button>
</form>
<p id="status" role="status" aria-live="polite"></p>
<div id="result"></div>
<footer><small>summarizer {__version__} · <a href="/docs">API</a> ·
URLs are never fetched: send the document itself.</small></footer>
</body></html>
"""
