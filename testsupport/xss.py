"""Script-injection vectors, and the watch a browser keeps for any of them running.

Each vector is text someone might type into a field. `CALL` in it becomes a call of the
page's `__xss` hook naming the vector and the field (`IDENT` becomes the name alone, for
vectors that spell the call another way), so a run says exactly what got through where.
The hook, and alert/confirm/prompt, are installed before any page script; `live_markup`
finds what would run only on a click or a hover (a javascript: link, an event handler).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# fmt: off
VECTORS: list[str] = [
    # script elements, plain, mixed case, broken up, and closing whatever they sit inside
    "<script>CALL</script>",
    "<ScRiPt>CALL</sCrIpT>",
    "<script >CALL</script >",
    "<script type=module>CALL</script>",
    "<script src=\"data:text/javascript,CALL\"></script>",
    "<<script>CALL//<</script>",
    "<scr<script>ipt>CALL</scr</script>ipt>",
    "</title><script>CALL</script>",
    "</textarea><script>CALL</script>",
    "</style><script>CALL</script>",
    "</noscript><script>CALL</script>",
    "--><script>CALL</script><!--",
    # event handlers, quoted and not, odd separators, unclosed
    "<img src=x onerror=CALL>",
    "<img src=\"x\" onerror=\"CALL\">",
    "<IMG SRC=x OnErRoR=CALL>",
    "<img/src=x/onerror=CALL>",
    "<img src=x\tonerror=CALL>",
    "<img src=x\nonerror=CALL>",
    "<img src=x onerror=CALL//",
    "<svg onload=CALL>",
    "<svg/onload=CALL>",
    "<body onload=CALL>",
    "<details open ontoggle=CALL>",
    "<input autofocus onfocus=CALL>",
    "<select autofocus onfocus=CALL></select>",
    "<textarea autofocus onfocus=CALL></textarea>",
    "<x contenteditable autofocus onfocus=CALL>x</x>",
    "<video><source onerror=CALL></video>",
    "<audio src=x onerror=CALL>",
    "<iframe onload=CALL></iframe>",
    "<style onload=CALL></style>",
    "<marquee onstart=CALL>x</marquee>",
    "<img src=x onerror=&#95;&#95;xss('IDENT')>",
    "<img src=x onerror=\\u005f_xss('IDENT')>",
    # scripting URLs, encoded and split
    "<a href=\"javascript:CALL\">x</a>",
    "<a href=\"JaVaScRiPt:CALL\">x</a>",
    "<a href=\"&#106;avascript:CALL\">x</a>",
    "<a href=\"java&#x09;script:CALL\">x</a>",
    "<a href=\" javascript:CALL\">x</a>",
    "<a href=\"vbscript:CALL\">x</a>",
    "<iframe src=\"javascript:CALL\"></iframe>",
    "<iframe srcdoc=\"<script>CALL</script>\"></iframe>",
    "<iframe src=\"data:text/html,<script>CALL</script>\"></iframe>",
    "<embed src=\"data:text/html,<script>CALL</script>\">",
    "<object data=\"javascript:CALL\"></object>",
    "<form action=\"javascript:CALL\"><button>x</button></form>",
    "<button formaction=\"javascript:CALL\">x</button>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:CALL\">",
    "<IMG SRC=JaVaScRiPt:CALL>",
    # SVG and MathML, including markup that changes meaning when parsed again
    "<svg><script>CALL</script></svg>",
    "<svg><a xlink:href=\"javascript:CALL\"><text y=\"20\">x</text></a></svg>",
    "<svg><animate onbegin=CALL attributeName=x dur=1s>",
    "<svg><foreignObject><img src=x onerror=CALL></foreignObject></svg>",
    "<svg><style><img src=x onerror=CALL></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=CALL>",
    "<math href=\"javascript:CALL\">x</math>",
    "<noscript><p title=\"</noscript><img src=x onerror=CALL>\">",
    "<!--><img src=x onerror=CALL>-->",
    # breaking out of an attribute
    "\"><img src=x onerror=CALL>",
    "'><img src=x onerror=CALL>",
    "`><img src=x onerror=CALL>",
    "\" onmouseover=\"CALL\" x=\"",
    "' onfocus='CALL' autofocus x='",
    "\" autofocus onfocus=\"CALL",
    "https://a.example/\"><svg onload=CALL>",
    "https://a.example/?q=\"onmouseover=\"CALL",
    # breaking out of a script: strings, template literals, JSON
    "';CALL;//",
    "\";CALL;//",
    "\\';CALL;//",
    "${CALL}",
    "`;CALL;`",
    "</script><img src=x onerror=CALL>",
    "{\"a\":\"</script><script>CALL</script>\"}",
    "</script><script>CALL</script>",
    # Markdown links and images
    "[x](javascript:CALL)",
    "[x](JAVASCRIPT:CALL)",
    "[x](javascript&#58;CALL)",
    "[x](&#x6A;avascript:CALL)",
    "![x](javascript:CALL)",
    "![x\" onerror=\"CALL](x)",
    "![x](x \"a\\\" onerror=\\\"CALL\")",
    "[x](https://a.example/\" onmouseover=\"CALL)",
    "[x](data:text/html,<script>CALL</script>)",
    "<javascript:CALL>",
    "[x]: javascript:CALL",
    # encoded forms that must stay text (not decoded twice, not normalised into markup)
    "&lt;script&gt;CALL&lt;/script&gt;",
    "%3Cscript%3ECALL%3C/script%3E",
    "\uff1cscript\uff1eCALL\uff1c/script\uff1e",
    "<script\x0c>CALL</script>",
]
# fmt: on


def call(ident: str) -> str:
    return f"__xss('{ident}')"


def fill(vector: str, ident: str) -> str:
    """The vector's text, calling the hook with `ident` when it runs."""
    return vector.replace("CALL", call(ident)).replace("IDENT", ident)


def ident(vector: int, field: int) -> str:
    """Short, so several vectors fit a 150-character name: "12-3" is vector 12 in field 3."""
    return f"{vector}-{field}"


def parse_ident(text: str) -> tuple[int, int] | None:
    vector, _, field = text.partition("-")
    if not (vector.isdigit() and field.isdigit()):
        return None
    return int(vector), int(field)


def packed(field: int, max_length: int | None, per_text: int = 0) -> list[str]:
    """Every vector, filled for `field`, packed into as few texts as fit `max_length`
    (a vector longer than the field alone is left out: the field can't hold it).
    `per_text`, if set, caps the vectors in one text."""
    texts: list[str] = []
    current = ""
    count = 0
    for number, vector in enumerate(VECTORS):
        text = fill(vector, ident(number, field))
        if max_length is not None and len(text) > max_length:
            continue
        joined = f"{current} {text}" if current else text
        fits = max_length is None or len(joined) <= max_length
        if current and (not fits or (per_text and count >= per_text)):
            texts.append(current)
            current, count = text, 1
        else:
            current, count = joined, count + 1
    if current:
        texts.append(current)
    return texts


# Installed before any page script, in every frame: the hook, and the dialogs a vector
# might use instead, all report to the test through the exposed binding.
INIT_SCRIPT = """
(() => {
  const report = (what) => { try { window.__xssReport(String(what)); } catch (e) {} };
  window.__xss = (what) => report(Array.isArray(what) ? what[0] : what);
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (what) => report(name + ":" + what);
  }
})();
"""

# What would run on a click or a hover: handlers, scripting URLs and live frames carrying
# a vector's call. Escaped text anywhere (a title, a meta tag, a textarea) is not counted.
LIVE_MARKUP_SCRIPT = """
() => {
  const found = [];
  const urlNames = new Set(["href", "src", "action", "formaction", "data", "xlink:href",
                            "poster", "background"]);
  const scripting = (value) =>
    /^(javascript|vbscript|data):/.test(value.replace(/[\u0000-\u0020]/g, "").toLowerCase());
  for (const el of document.querySelectorAll("*")) {
    const where = () => el.outerHTML.slice(0, 160);
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (!value.includes("__xss")) continue;
      if (name.startsWith("on") || name === "srcdoc" || (urlNames.has(name) && scripting(value))) {
        found.push({attribute: name, value: value, element: where()});
      }
    }
    const refresh = el.tagName.toLowerCase() === "meta" && /refresh/i.test(el.httpEquiv);
    if (refresh && el.content.includes("__xss")) {
      found.push({attribute: "http-equiv refresh", value: el.content, element: where()});
    }
    if (el.tagName.toLowerCase() === "script" && el.textContent.includes("__xss")) {
      found.push({attribute: "script", value: el.textContent, element: where()});
    }
  }
  return found;
}
"""


@dataclass(frozen=True)
class Finding:
    """A vector that ran (how: "ran", "dialog") or sat live in a page ("live")."""

    how: str
    what: str
    page: str


class Watch:
    """Collects what ran in a browser context's pages: install it before opening any."""

    def __init__(self, context: Any) -> None:
        self.findings: list[Finding] = []
        context.expose_binding("__xssReport", self._report)
        context.add_init_script(INIT_SCRIPT)

    def _report(self, source: dict[str, Any], what: str) -> None:
        self.findings.append(Finding("ran", what, source["frame"].url))

    def watch_dialogs(self, page: Any) -> None:
        def on_dialog(dialog: Any) -> None:
            self.findings.append(Finding("dialog", dialog.message, page.url))
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def check_live_markup(self, page: Any) -> None:
        for found in page.evaluate(LIVE_MARKUP_SCRIPT):
            what = f"{found['attribute']}={found['value']!r} in {found['element']}"
            self.findings.append(Finding("live", what, page.url))


def describe(findings: list[Finding], field_names: list[str]) -> Iterator[str]:
    """One line per finding: which vector, in which field, on which page."""
    for finding in findings:
        where = finding.what
        parsed = parse_ident(finding.what)
        if parsed is not None:
            vector, field = parsed
            where = f"vector {vector} {VECTORS[vector]!r} in {field_names[field]}"
        elif finding.how == "live":
            where = _name_idents(finding.what, field_names)
        yield f"{finding.how}: {where} on {finding.page}"


def _name_idents(text: str, field_names: list[str]) -> str:
    def named(match: re.Match[str]) -> str:
        parsed = parse_ident(match.group(1))
        if parsed is None:
            return match.group(0)
        vector, field = parsed
        return f"{match.group(0)} [vector {vector} in {field_names[field]}]"

    return re.sub(r"__xss\('([0-9]+-[0-9]+)'\)", named, text)
