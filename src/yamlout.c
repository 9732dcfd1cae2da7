/* yamlout.c -- a tiny, safe YAML writer for review records. */
#include <config.h>

#include <string.h>

#include "yamlout.h"

static void
pad(struct buf *b, int indent)
{
	while (indent-- > 0)
		buf_putc(b, ' ');
}

void
yout_quote(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_putc(b, '"');
	for (; *p; p++) {
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
static bool
plain_ok(const char *s)
{
	size_t i;

	if (!s[0] || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (i = 0; s[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.@", s[i]))
			return false;
	return strcmp(s, "true") && strcmp(s, "false") && strcmp(s, "null") &&
	    strcmp(s, "yes") && strcmp(s, "no") && strcmp(s, "on") && strcmp(s, "off") &&
	    strcmp(s, "True") && strcmp(s, "False") && strcmp(s, "Null");
}

void
yout_str(struct buf *b, int indent, const char *key, const char *val)
{
	if (val == NULL)
		return;
	pad(b, indent);
	buf_printf(b, "%s: ", key);
	if (plain_ok(val))
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

	if (!s[0] || s[0] == '\n')
		return false;
	for (; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
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
	/* indentation indicator when the text starts with a space; chomping
	 * keeps exactly the trailing newlines written */
	buf_printf(b, "%s: |%s%s\n", key, text[0] == ' ' ? "2" : "",
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
	if (plain_ok(val))
		buf_puts(b, val);
	else
		yout_quote(b, val);
	buf_putc(b, '\n');
}
