"""The minutes' formatting: what is typed is what is read, apart from the few marks it documents."""

import pytest

from steering.markup import link_problems, to_html

LINK = '<a href="https://gov.wales" rel="noopener noreferrer">'


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("**Agreed** by the SG", "<p><strong>Agreed</strong> by the SG</p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("Line one\nLine two", "<p>Line one<br>\nLine two</p>"),
        ("[the site](https://gov.wales)", f"<p>{LINK}the site</a></p>"),
        ("<https://gov.wales>", f"<p>{LINK}https://gov.wales</a></p>"),
        # Text that looks like HTML, an entity or other Markdown is shown as typed.
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<a href="javascript:x">click</a>', '<p>&lt;a href="javascript:x"&gt;click&lt;/a&gt;</p>'),
        ("&lt;b&gt; &amp; a < b", "<p>&amp;lt;b&amp;gt; &amp;amp; a &lt; b</p>"),
        ("**<b>bold</b>**", "<p><strong>&lt;b&gt;bold&lt;/b&gt;</strong></p>"),
        ("# Not a heading", "<p># Not a heading</p>"),
        ("> not a quote", "<p>&gt; not a quote</p>"),
        ("`not code`", "<p>`not code`</p>"),
        ("![not an image](https://gov.wales/x.png)", "<p>![not an image](https://gov.wales/x.png)</p>"),
        # A link anywhere but the web or an email address stays the text that was typed.
        ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>"),
        ("[other](//other.example/x)", "<p>[other](//other.example/x)</p>"),
        ("[page](/groups/)", "<p>[page](/groups/)</p>"),
        ("<ftp://files.example>", "<p>&lt;ftp://files.example&gt;</p>"),
    ],
)
def test_minutes_text_is_shown_as_typed_apart_from_its_formatting(typed, shown):
    assert to_html(typed) == shown


@pytest.mark.parametrize(
    ("typed", "refused"),
    [
        ("[a](https://gov.wales) and [b](mailto:aln@gov.wales)", []),
        ("no links at all, and <b>markup</b>", []),
        ("[a](javascript:alert(1))", ["javascript:alert(1)"]),
        (
            "[a](//other.example) [b](../x) [c](#top) [d](www.gov.wales)",
            ["//other.example", "../x", "#top", "www.gov.wales"],
        ),
        ("<ftp://files.example>", ["ftp://files.example"]),
    ],
)
def test_links_that_would_not_be_links_are_found_to_refuse(typed, refused):
    assert link_problems(typed) == refused


def test_an_address_with_an_ampersand_is_a_working_link():
    assert to_html("[x](https://gov.wales/?a=1&b=2)") == (
        '<p><a href="https://gov.wales/?a=1&amp;b=2" rel="noopener noreferrer">x</a></p>'
    )
