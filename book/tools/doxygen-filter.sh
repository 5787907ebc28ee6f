#!/bin/sh
# book/tools/doxygen-filter.sh — how Doxygen sees a kernel header (INPUT_FILTER of *.hh, *.h).
#
# Two rewrites, both keeping line numbers, neither touching the file itself:
#  - a snippet marker line (`//! [name]`) is, to Doxygen, a one-line doc comment that
#    would document whatever follows it: it becomes an empty line;
#  - x86 exception mnemonics in comments (#PF, #GP, #DF ...) would read as links to
#    members named PF, GP, DF: they are escaped (\#PF).
# \snippet reads files unfiltered, so quotes keep their markers and text.
exec sed -E \
  -e 's@^[[:space:]]*(//!|/\*!)[[:space:]]*\[[A-Za-z0-9_.-]+\][[:space:]]*(\*/)?[[:space:]]*$@@' \
  -e 's@(^|[^\\A-Za-z0-9_])#(DE|DB|NMI|BP|OF|BR|UD|NM|DF|TS|NP|SS|GP|PF|MF|AC|MC|XM|XF|VE|CP|HV|VC|SX)\b@\1\\#\2@g' \
  "$1"
