// kernel/proc/job_control.hh — what terminals need to know of process groups and
// sessions: signalling a group, whether a group is orphaned, and the orphaned-group rule
// at exit (POSIX: a group that becomes orphaned with a stopped member gets SIGHUP, then
// SIGCONT).
#pragma once

#include "proc/task.hh"

namespace proc {

/// Sends @p sig from the kernel (SI_KERNEL) to every process of group @p pgid.
void signal_group(pid_t pgid, int sig);
/// Whether group @p pgid is orphaned: no member has a parent in another group of the
/// same session (a group with no member is orphaned too). Takes the tree lock.
bool group_orphaned(pid_t pgid);
/// The session of group @p pgid's processes (zombies not reaped count), or -1 when it
/// has none (TIOCSPGRP).
pid_t group_session(pid_t pgid);
/// Whether the calling thread ignores or blocks @p sig (SIGTTIN/SIGTTOU's EIO rule).
bool ignores_or_blocks(int sig);
/// The last thread of process @p me is ending, before its children go to their new
/// parent (tree lock held): its own group, and the group of each child, that its end
/// leaves orphaned with a stopped member gets SIGHUP, then SIGCONT.
void orphaned_groups_at_exit(Task* me);

}  // namespace proc
