import { describe, expect, it } from "vitest";
import { htmlToText } from "./html-to-text.js";

describe("htmlToText", () => {
  it("keeps paragraphs, line breaks and lists readable, without wrapping long lines", () => {
    const long = "word ".repeat(40).trim();
    const html = `<h2>Steps</h2><p>First line<br>second line</p><ol><li>One</li><li>Two</li></ol><p>${long}</p>`;
    expect(htmlToText(html)).toBe(`Steps\n\nFirst line\nsecond line\n\n 1. One\n 2. Two\n\n${long}`);
  });

  it("shows links as 'text [url]', the url alone when it is the text, and hides unsafe or empty targets", () => {
    const html =
      '<a href="https://example.com/a">the docs</a> <a href="https://example.com/">https://example.com/</a> ' +
      '<a href="javascript:alert(1)">click</a> <a href="#top">top</a> <a href="mailto:a@example.com">a@example.com</a> ' +
      '<a href="data:text/html,x">data</a>';
    expect(htmlToText(html)).toBe(
      "the docs [https://example.com/a] https://example.com/ click top a@example.com data",
    );
  });

  it("drops images but keeps meaningful alt text; tracking pixels and file-name alts say nothing", () => {
    const html =
      '<p>Before <img src="a.png" alt="Error dialog"> <img src="b.png" alt="image001.png"> ' +
      '<img src="c.gif" width="1" height="1" alt="pixel tracker"> <img src="d.png"> after</p>';
    expect(htmlToText(html)).toBe("Before [image: Error dialog] after");
  });

  it("never outputs markup, scripts, styles or event handlers", () => {
    const html =
      '<html><head><title>t</title><style>p{color:red}</style></head><body onload="x()">' +
      '<script>alert("x")</script><p onclick="steal()">Hi &lt;b&gt;</p><noscript>enable js</noscript>' +
      '<iframe src="https://evil.example"></iframe><svg><text>svg text</text></svg></body></html>';
    expect(htmlToText(html)).toBe("Hi <b>");
  });

  it("turns non-breaking spaces into spaces and collapses runs of empty paragraphs", () => {
    expect(htmlToText("<p>a&nbsp;b</p><p>&nbsp;</p><p>&nbsp;</p><p>&nbsp;</p><p>c</p>")).toBe("a b\n\nc");
  });
});
