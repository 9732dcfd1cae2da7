/* ui_field.h -- text fields: the editing keys and the wrapped drawing that
 * the comment editor, the dialogs and the prompts share. */
#ifndef GH_UI_FIELD_H
#define GH_UI_FIELD_H

#include "ui_view.h"

#define UI_FIELD_CHANGED 1	/* the text changed */
#define UI_FIELD_MOVED 0	/* only the cursor moved */
#define UI_FIELD_OTHER (-1)	/* not an editing key */

/* Apply an editing key (characters, Enter unless single-line, Backspace,
 * Delete, arrows, Home, End) to e wrapped at width. */
int ui_field_key(struct ui_edit *e, int key, int width);
/* Draw e wrapped in r, scrolled by *top so the cursor stays visible; an
 * active field puts the terminal cursor there. */
void ui_field_draw(struct ui *ui, struct ui_rect r, const struct ui_edit *e, bool active,
    int *top);

#endif
