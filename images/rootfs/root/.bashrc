# The learner's shell. Shell-integration marks (OSC 133: A prompt, B input, C output, D;status end;
# and OSC 633;E with the command line) let the page and the harness see each command, where its
# output starts and ends and how it exited; terminals draw nothing for them.
# A D without a C before it closes an empty line.
export DOCKER_CLI_HINTS=false
# Every line goes into history: the E mark reads the line being run from there.
HISTCONTROL=
[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
__sandbox_cmdline() {
  local line
  line=$(HISTTIMEFORMAT= builtin history 1)
  line=${line#"${line%%[![:space:]]*}"}  # leading blanks
  line=${line#*[0-9]}; line=${line#"${line%%[![:digit:]]*}"}; line=${line#  }  # the entry number
  line=${line//\\/\\\\}; line=${line//;/\\x3b}; line=${line//$'\n'/\\x0a}
  printf '\e]633;E;%s\a' "$line"
}
PROMPT_COMMAND='printf "\e]133;D;%s\a" "$?"'
PS0='$(__sandbox_cmdline)\e]133;C\a'
PS1='\[\e]133;A\a\e[1;32m\]\u@\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ \[\e]133;B\a\]'
alias ls='ls --color=auto'
