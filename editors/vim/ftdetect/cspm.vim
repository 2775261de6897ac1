" CSPm scripts (cspcheck, FDR4): *.csp and *.cspm.
" Vim's own filetype.vim calls *.csp "csp" (an older CSP syntax); `set
" filetype` rather than `setfiletype` so that this detection wins.
autocmd BufNewFile,BufRead *.csp,*.cspm set filetype=cspm
