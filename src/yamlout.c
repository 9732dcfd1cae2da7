/* yamlout.c -- a tiny, safe YAML writer for review records. */
#include <config.h>

#include <string.h>
#include <strings.h>

#include "yamlout.h"

static void
pad(struct buf *b, int indent)
{
	while (indent-- > 0)
		buf_putc(b, ' ');
}

/* Characters YAML readers refuse raw (C1 controls, U+FFFE, U+FFFF) or
 * take as line breaks (U+0085, U+2028, U+2029), and the invisible U+FEFF:
 * the length of the UTF-8 sequence at p and its code point, else 0. */
static size_t
must_escape(const unsigned char *p, unsigned *cp)
{
	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
		*cp = p[1];
		return 2;
	}
	if ((p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) ||
	    (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) ||
	    (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))) {
		*cp = ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
		return 3;
	}
	return 0;
}

void
yout_quote(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	size_t n;

	buf_putc(b, '"');
	for (; *p; p++) {
		if ((n = must_escape(p, &cp)) > 0) {
			buf_printf(b, cp < 0x100 ? "\\x%02x" : "\\u%04x", cp);
			p += n - 1;
			continue;
		}
		switch (*p) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\r': buf_puts(b, "\\r"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_printf(b, "\\x%02x", *p);
			else
				buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}

/* Identifiers and e-mail-like words stay plain; everything else is quoted
 * so no text can change meaning (true, 17, "# x", ": y" ...). */
bool
yout_plain_ok(const char *s)
{
	static const char *const words[] = { "true", "false", "null", "yes", "no", "on",
		"off", "y", "n", NULL };
	size_t i;

	if (!s[0] || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (i = 0; s[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.@", s[i]))
			return false;
	/* YAML 1.1 booleans and nulls, in any case (NULL, Yes, OFF, y ...) */
	for (i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return false;
	return true;
}

void
yout_str(struct buf *b, int indent, const char *key, const char *val)
{
	if (val == NULL)
		return;
	pad(b, indent);
	buf_printf(b, "%s: ", key);
	if (yout_plain_ok(val))
		buf_puts(b, val);
	else
		yout_quote(b, val);
	buf_putc(b, '\n');
}

/* Block literals keep text readable in `git show`, but they cannot carry
 * control characters, carriage returns or a leading blank line safely. */
static bool
block_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;

	if (!s[0] || s[0] == '\n')
		return false;
	for (; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f || must_escape(p, &cp))
			return false;
	return true;
}

void
yout_text(struct buf *b, int indent, const char *key, const char *text)
{
	size_t len, trail = 0;
	const char *p, *line;

	if (text == NULL)
		return;
	len = strlen(text);
	if (!strchr(text, '\n') || !block_ok(text)) {
		yout_str(b, indent, key, text);
		return;
	}
	while (trail < len && text[len - 1 - trail] == '\n')
		trail++;
	pad(b, indent);
	/* indentation indicator when the text starts with a space or a tab
	 * (readers guess the indentation from the first line, and libyaml
	 * refuses a tab there); chomping keeps exactly the trailing newlines */
	buf_printf(b, "%s: |%s%s\n", key, text[0] == ' ' || text[0] == '\t' ? "2" : "",
	    trail == 0 ? "-" : trail == 1 ? "" : "+");
	for (line = text; line < text + len; line = p + 1) {
		p = strchr(line, '\n');
		if (p == NULL)
			p = text + len;
		if (p > line) {
			pad(b, indent + 2);
			buf_add(b, line, (size_t)(p - line));
		}
		buf_putc(b, '\n');
		if (p == text + len)
			break;
	}
}

void
yout_key(struct buf *b, int indent, const char *key)
{
	pad(b, indent);
	buf_printf(b, "%s:\n", key);
}

void
yout_item(struct buf *b, int indent, const char *val)
{
	pad(b, indent);
	buf_puts(b, "- ");
	if (yout_plain_ok(val))
		buf_puts(b, val);
	else
		yout_quote(b, val);
	buf_putc(b, '\n');
}
