// kernel/fs/vfs/dentry.hh — the dentry cache: names of inodes, as a tree, found by hash.
//
// A Dentry is one name in one directory: it points at its parent and at its inode,
// and lists its children in the order they were created. Every directory entry of an
// in-memory file system (tmpfs, devfs) is a dentry, and nothing else stores them: as
// in Linux, the cache is their directory. Lookups go through a hash of (parent, name).
//
// Each child also has a cookie, its place in the parent's listing: getdents64 returns
// it as d_off and resumes after it, so deleting entries between two getdents calls
// never skips or repeats a survivor.
//
// Counting: a linked dentry (in the tree) lives while it is linked; users (open
// files, working directories, a walk in progress) and children add references. An
// unlinked dentry is freed with its last reference, dropping its inode and its parent.
// Everything here runs under vfs::tree_lock().
#pragma once

#include "fs/vfs/inode.hh"
#include "lib/list.hh"

namespace vfs {

struct Dentry {
    char* name = nullptr;  ///< NUL-terminated; "/" for a root
    u32 name_len = 0;
    u32 hash = 0;
    Dentry* parent = nullptr;  ///< itself for a root
    Inode* inode = nullptr;    ///< holds a reference
    u32 refs = 0;
    u32 mounted = 0;      ///< mounts whose mountpoint this is
    bool linked = false;  ///< in its parent's children and the hash
    u64 cookie = 0;       ///< its place in the parent's listing (2 and up)
    u64 next_cookie = 2;  ///< a directory's next child's cookie (0 and 1: "." and "..")
    ListNode child_node;
    ListNode hash_node;
    IntrusiveList<Dentry, &Dentry::child_node> children;
};

/// A root dentry for @p inode (takes over the inode's reference). ENOMEM.
Result<Dentry*> d_make_root(Inode* inode);
/// The child @p name of @p dir, or null.
Dentry* d_lookup(Dentry* dir, StrView name);
/// Links a new child @p name of @p dir naming @p inode (takes an inode reference). ENOMEM.
Result<Dentry*> d_add(Dentry* dir, StrView name, Inode* inode);
/// Takes @p d out of the tree (unlink, rmdir, a replaced rename target).
void d_drop(Dentry* d);
/// Moves @p d (linked, or dropped but referenced) to @p dir under @p name (rename).
/// ENOMEM (then nothing changed).
Result<void> d_move(Dentry* d, Dentry* dir, StrView name);
void d_get(Dentry* d);
void d_put(Dentry* d);
/// True when @p d is @p ancestor or below it.
bool d_is_below(const Dentry* d, const Dentry* ancestor);

}  // namespace vfs
