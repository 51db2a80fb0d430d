"""The two formats the spec names: JSON, and XML with the element names of its examples.

JSON follows the spec's examples (a list for services and requests). XML wraps the same values in
`<services><service>…`, `<service_requests><request>…`, `<errors><error>…`, `<service_definition>`.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from portal.open311.errors import bad_request

JSON = "json"
XML = "xml"
MEDIA_TYPES = {JSON: "application/json; charset=utf-8", XML: "text/xml; charset=utf-8"}
# The XML name of a list's items, by the name of the list.
ITEM_NAMES = {"services": "service", "service_requests": "request", "errors": "error", "attributes": "attribute",
              "values": "value"}  # fmt: skip
# Characters XML 1.0 cannot carry even escaped (C0 controls but tab and newlines, lone surrogates, U+FFFE/F).
# One resident's ESC in a description would otherwise make a whole search unreadable to every client.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def check_format(name: str) -> str:
    if name not in MEDIA_TYPES:
        raise bad_request(f"Unknown format {name!r}: end the address with .json or .xml.")
    return name


def render(payload: list | dict, root: str, fmt: str) -> bytes:
    """`payload` as JSON, or as XML under `root` (for a list, each item is named after `root`)."""
    if fmt == JSON:
        return json.dumps(payload, ensure_ascii=False).encode()
    element = ElementTree.Element(root)
    _fill(element, payload, root)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def _fill(element: ElementTree.Element, value, name: str) -> None:
    if isinstance(value, list):
        for item in value:
            _fill(ElementTree.SubElement(element, ITEM_NAMES[name]), item, ITEM_NAMES[name])
    elif isinstance(value, dict):
        for key, inner in value.items():
            _fill(ElementTree.SubElement(element, key), inner, key)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = _NOT_XML.sub("", str(value))
