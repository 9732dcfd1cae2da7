# bash completion for gatehouse(1)                          -*- shell-script -*-
#
# Commands and their options come from the program itself ("gatehouse
# --help", "gatehouse COMMAND --help"), so they never drift from it.
# Packet ids come from the repository the command would use: -C/--repo,
# else $GATEHOUSE_REPO, else the config file's repository, else "." --
# its packets/ directory, or "git ls-tree" of HEAD for a bare repository.

# _gatehouse_run PROG ARGS...: PROG in the C locale, quietly.
_gatehouse_run()
{
    LC_ALL=C LANGUAGE= "$@" 2>/dev/null
}

_gatehouse_commands()
{
    _gatehouse_run "$1" --help |
        sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# Long and short options of a command, from its --help.
_gatehouse_options()
{
    _gatehouse_run "$1" "$2" --help |
        sed -n 's/^ \{2,\}\(-[A-Za-z]\)\{0,1\}\(, \)\{0,1\}\(--[a-z][-a-z]*\).*/\1 \3/p'
}

# The repository of the command line being completed.
_gatehouse_repo()
{
    local prog=$1 i repo=
    for ((i = 2; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -C|--repo) repo=${COMP_WORDS[i + 1]} ;;
        --repo=*) repo=${COMP_WORDS[i]#--repo=} ;;
        esac
    done
    if [[ -z $repo ]]; then
        repo=$(_gatehouse_run "$prog" config |
            sed -n 's/^set repository = \(.*\)	# .*/\1/p')
    fi
    repo=${repo/#\~/$HOME}
    printf '%s\n' "${repo:-.}"
}

# Packet ids of the repository: packets/*/ of a work tree, else HEAD.
_gatehouse_packets()
{
    local repo
    repo=$(_gatehouse_repo "$1")
    if [[ -d $repo/packets ]]; then
        (cd "$repo/packets" 2>/dev/null && for d in */; do [[ -d $d ]] && printf '%s\n' "${d%/}"; done)
    else
        git -C "$repo" ls-tree --name-only HEAD packets/ 2>/dev/null | sed 's|^packets/||'
    fi
}

# How many non-option words follow the command before the cursor.
_gatehouse_argpos()
{
    local i n=0 w
    for ((i = 2; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        -C|--repo|-f|--format|-m|--message|-F|--file|--on|-c|--condition|--reason|--role|\
        --today|--at|-k|--precedents|-n|--limit|--state|--verdict|--decision|--tier|\
        --due-before|--due-after|--sort|--name)
            ((i++)) ;;
        -*) ;;
        *) ((n++)) ;;
        esac
    done
    echo "$n"
}

_gatehouse()
{
    local cur prev prog=$1 cmd= i words
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -*) ;;
        *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            words="--help --version --demo --keys"
        else
            words=$(_gatehouse_commands "$prog")
        fi
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
        return 0
    fi

    # the value of an option
    case $prev in
    -C|--repo)
        COMPREPLY=($(compgen -d -- "$cur")); return 0 ;;
    -F|--file)
        COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
    -f|--format)
        if [[ $cmd == evaluate ]]; then words="text json markdown"; else words="text json"; fi
        COMPREPLY=($(compgen -W "$words" -- "$cur")); return 0 ;;
    --state)
        COMPREPLY=($(compgen -W "open decided withdrawn" -- "$cur")); return 0 ;;
    --verdict)
        COMPREPLY=($(compgen -W "SUPPORT COUNTER ESCALATE" -- "$cur")); return 0 ;;
    --decision)
        COMPREPLY=($(compgen -W "support narrow escalate" -- "$cur")); return 0 ;;
    --sort)
        COMPREPLY=($(compgen -W "deadline tier id verdict" -- "$cur")); return 0 ;;
    --on)
        COMPREPLY=($(compgen -W "gate: option: evidence: precedent:" -- "$cur"))
        compopt -o nospace 2>/dev/null
        return 0 ;;
    -m|--message|-c|--condition|--reason|--role|--today|--at|-k|--precedents|-n|\
    --limit|--tier|--due-before|--due-after|--name)
        return 0 ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_gatehouse_options "$prog" "$cmd")" -- "$cur"))
        return 0
    fi

    local pos
    pos=$(_gatehouse_argpos)
    case $cmd in
    help)
        [[ $pos == 0 ]] && COMPREPLY=($(compgen -W "$(_gatehouse_commands "$prog")" -- "$cur")) ;;
    check|init)
        [[ $pos == 0 ]] && COMPREPLY=($(compgen -d -- "$cur")) ;;
    evaluate)
        COMPREPLY=($(compgen -W "$(_gatehouse_packets "$prog")" -- "$cur")) ;;
    comment|log|history)
        [[ $pos == 0 ]] && COMPREPLY=($(compgen -W "$(_gatehouse_packets "$prog")" -- "$cur")) ;;
    diff)
        [[ $pos == 0 ]] && COMPREPLY=($(compgen -W "$(_gatehouse_packets "$prog")" -- "$cur")) ;;
    signoff)
        case $pos in
        0) COMPREPLY=($(compgen -W "$(_gatehouse_packets "$prog")" -- "$cur")) ;;
        1) COMPREPLY=($(compgen -W "concur concur-with-conditions dissent recuse" -- "$cur")) ;;
        esac ;;
    decide)
        case $pos in
        0) COMPREPLY=($(compgen -W "$(_gatehouse_packets "$prog")" -- "$cur")) ;;
        1) COMPREPLY=($(compgen -W "support narrow escalate" -- "$cur")) ;;
        esac ;;
    sync)
        [[ $pos == 0 ]] && COMPREPLY=($(compgen -W "$(git -C "$(_gatehouse_repo "$prog")" remote 2>/dev/null)" -- "$cur")) ;;
    esac
    return 0
}
complete -F _gatehouse gatehouse
