# The learner's shell. Shell-integration marks (OSC 133: A prompt, B input, C output, D;status end)
# let the page and the harness see where each command starts and ends and how it exited;
# terminals draw nothing for them. A D without a C before it closes an empty line.
export DOCKER_CLI_HINTS=false
HISTCONTROL=ignorespace
[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
PROMPT_COMMAND='printf "\e]133;D;%s\a" "$?"'
PS0='\e]133;C\a'
PS1='\[\e]133;A\a\e[1;32m\]\u@\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ \[\e]133;B\a\]'
alias ls='ls --color=auto'
