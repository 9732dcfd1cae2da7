/* export_html.c -- the page around an HTML export: one file that needs
 * nothing else.  The style sheet is inline; there are no scripts, fonts,
 * images or any other resource to fetch, so the file opens the same way
 * offline, in a mail client or in an archive years later.  The print
 * rules drop backgrounds, keep table rows and headings with what follows
 * them, and print each link's URL after its label. */
#include <config.h>

#include "export.h"

static const char export_css[] =
	":root { color-scheme: light; }\n"
	"body { margin: 0; background: #fff; color: #1b1b1b;\n"
	"  font: 15px/1.5 system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", sans-serif; }\n"
	"main { max-width: 75rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }\n"
	"h1 { font-size: 1.55rem; line-height: 1.25; margin: 0 0 .8rem; }\n"
	"h2 { font-size: 1.2rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem;\n"
	"  border-bottom: 2px solid #d0d7de; }\n"
	"h3 { font-size: 1.02rem; margin: 1.3rem 0 .4rem; }\n"
	"p { margin: .5rem 0; }\n"
	"ul { margin: .3rem 0; padding-left: 1.5rem; }\n"
	"li { margin: .12rem 0; }\n"
	"li li { color: #3a3a3a; font-size: .94em; }\n"
	"code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, \"Liberation Mono\", monospace;\n"
	"  font-size: .86em; background: #f2f4f7; border-radius: 3px; padding: 0 .25em;\n"
	"  overflow-wrap: anywhere; }\n"
	"table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.2rem; font-size: .92em; }\n"
	"thead { display: table-header-group; }\n"
	"th, td { border: 1px solid #c9d1d9; padding: .3rem .5rem; text-align: left;\n"
	"  vertical-align: top; overflow-wrap: anywhere; }\n"
	"th { background: #f2f4f7; }\n"
	"a { color: #0a58a5; overflow-wrap: anywhere; }\n"
	"hr { border: 0; border-top: 1px solid #c9d1d9; margin: 2.5rem 0 1rem; }\n"
	"hr + p { font-size: .9em; color: #444; }\n"
	"@media print {\n"
	"  @page { margin: 16mm 14mm; }\n"
	"  body { font-size: 10pt; color: #000; background: none; }\n"
	"  main { max-width: none; padding: 0; }\n"
	"  code, th { background: none; }\n"
	"  h2, h3 { break-after: avoid; page-break-after: avoid; }\n"
	"  table, tr, li { break-inside: avoid; page-break-inside: avoid; }\n"
	"  a { color: #000; text-decoration: underline; }\n"
	"  a.ref::after { content: \" <\" attr(href) \">\"; font-size: .85em; }\n"
	"}\n";

static void
put_escaped(struct buf *out, const char *s)
{
	struct doc d;

	doc_init(&d, DOC_HTML, out);
	doc_text(&d, s);
}

void
export_html_begin(struct buf *out, const char *lang, const char *title)
{
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
	put_escaped(out, lang);
	buf_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	buf_printf(out, "<meta name=\"generator\" content=\"gatehouse %s\">\n<title>",
	    PACKAGE_VERSION);
	put_escaped(out, title);
	buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", export_css);
}

void
export_html_end(struct buf *out)
{
	buf_puts(out, "</main>\n</body>\n</html>\n");
}
