/* ui.h -- the review workstation: "gatehouse" with no command.
 *
 *	gatehouse            open $GATEHOUSE_REPO or the current directory
 *	gatehouse --demo     open (a private copy of) the bundled demo
 *	gatehouse --keys     print the default key bindings
 *
 * When standard input or output is not a terminal nothing interactive
 * starts: the text evaluation of every open packet is printed instead, so
 * scripts and CI never hang.
 */
#ifndef GH_UI_H
#define GH_UI_H

/* Returns the exit status. */
int ui_main(int argc, char **argv);

/* Copy the bundled demo to $XDG_DATA_HOME/gatehouse/demo once and make
 * it a git repository; *path gets where it is (caller frees).  Prints
 * problems to stderr; 0 or -1. */
int ui_demo_prepare(char **path);

#endif
