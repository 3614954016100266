"""Article URLs as identities: the canonical form under which the same story, reached through two
feeds or through a link decorated with tracking parameters, is recognised as one article.

Only what never changes which page a URL names is touched: tracking parameters and the fragment
are dropped, the scheme and host lower-cased and a default port removed. Everything else (path,
the other query parameters, their order and percent-encoding) stays byte for byte, because
servers do tell `?id=1` from `?ID=1` and `%2F` from `/`. Pure functions, no I/O.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

# Query parameters that only say how a reader arrived (campaign, ad click, mail, social
# identifiers), compared case-insensitively. Every `utm_*` parameter is one too.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsctatracking",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "_ga",
        "_gl",
        "wt.mc_id",
        "wt.mc_ev",
        "s_cid",
        "cmpid",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "ref_src",
        "smid",
        "soc_src",
        "soc_trk",
        "sr_share",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
_DEFAULT_PORTS = {"http": "80", "https": "443"}
SCHEMES = ("http", "https")


def is_tracking_parameter(name: str) -> bool:
    """True for a query parameter name that only tracks the reader (`utm_source`, `fbclid`, ...)."""
    key = name.lower()
    return key.startswith("utm_") or key in TRACKING_PARAMETERS


def _strip_tracking(query: str) -> str:
    # Split by hand rather than parse_qsl/urlencode, which would re-encode the parameters kept.
    parts = query.split("&")
    kept = [part for part in parts if not is_tracking_parameter(part.split("=", 1)[0])]
    if len(kept) == len(parts):
        return query
    return "&".join(part for part in kept if part)


def canonical_url(url: str | None) -> str | None:
    """The canonical form of an absolute http(s) URL, or None when `url` is not one.

    >>> canonical_url("HTTPS://Example.COM:443/a/B?utm_source=rss&id=7#top")
    'https://example.com/a/B?id=7'
    """
    if not url:
        return None
    text = url.strip()
    if not text or any(ch.isspace() for ch in text) or len(text) > 8192:
        return None
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES or not parts.hostname:
        return None
    netloc = parts.netloc
    userinfo, _, _hostport = netloc.rpartition("@")
    host = parts.hostname  # lower-cased by urllib; IPv6 without brackets
    if ":" in host:
        host = f"[{host}]"
    if port is not None and str(port) != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    netloc = f"{userinfo}@{host}" if userinfo else host
    return urlunsplit((scheme, netloc, parts.path or "/", _strip_tracking(parts.query), ""))
