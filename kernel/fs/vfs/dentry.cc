// kernel/fs/vfs/dentry.cc — the dentry tree and its hash (dentry.hh).
#include "fs/vfs/dentry.hh"

#include "lib/string.hh"
#include "mm/heap.hh"

namespace vfs {
namespace {

constexpr usize BUCKETS = 4096;
using Bucket = IntrusiveList<Dentry, &Dentry::hash_node>;
Bucket buckets[BUCKETS];

u32 name_hash(const Dentry* dir, StrView name) {
    u64 h = 14695981039346656037ull ^ reinterpret_cast<uptr>(dir);
    for (usize i = 0; i < name.len; ++i) h = (h ^ u8(name[i])) * 1099511628211ull;
    return u32(h ^ (h >> 32));
}

Result<char*> copy_name(StrView name) {
    char* s = static_cast<char*>(TRY(mm::kmalloc(name.len + 1)));
    memcpy(s, name.data, name.len);
    s[name.len] = 0;
    return s;
}

void link_child(Dentry* dir, Dentry* d, char* name, usize len) {
    d->name = name;
    d->name_len = u32(len);
    d->parent = dir;
    d->hash = name_hash(dir, StrView(name, len));
    d->cookie = dir->next_cookie++;
    d->linked = true;
    ++dir->refs;  // a child pins its parent
    dir->children.push_back(*d);
    buckets[d->hash % BUCKETS].push_back(*d);
}

void unlink_child(Dentry* d) {
    d->parent->children.remove(*d);
    buckets[d->hash % BUCKETS].remove(*d);
    d->linked = false;
}

void free_dentry(Dentry* d) {
    Dentry* parent = d->parent;
    if (d->inode) iput(d->inode);
    mm::kfree(d->name);
    mm::destroy(d);
    if (parent && parent != d) d_put(parent);
}

}  // namespace

Result<Dentry*> d_make_root(Inode* inode) {
    Dentry* d = TRY(mm::make<Dentry>());
    auto name = copy_name("/");
    if (name.is_error()) {
        mm::destroy(d);
        return Error(name.error());
    }
    d->name = name.value();
    d->name_len = 1;
    d->parent = d;
    d->inode = inode;
    d->linked = true;  // a root is never unlinked
    return d;
}

Dentry* d_lookup(Dentry* dir, StrView name) {
    u32 h = name_hash(dir, name);
    for (Dentry& d : buckets[h % BUCKETS])
        if (d.hash == h && d.parent == dir && StrView(d.name, d.name_len) == name) return &d;
    return nullptr;
}

Result<Dentry*> d_add(Dentry* dir, StrView name, Inode* inode) {
    Dentry* d = TRY(mm::make<Dentry>());
    auto copy = copy_name(name);
    if (copy.is_error()) {
        mm::destroy(d);
        return Error(copy.error());
    }
    d->inode = inode;
    iget(inode);
    link_child(dir, d, copy.value(), name.len);
    return d;
}

void d_drop(Dentry* d) {
    if (!d->linked || d->parent == d) return;
    unlink_child(d);
    if (d->refs == 0) free_dentry(d);
}

Result<void> d_move(Dentry* d, Dentry* dir, StrView name) {
    char* copy = TRY(copy_name(name));
    Dentry* old_parent = d->parent;
    if (d->linked) unlink_child(d);
    mm::kfree(d->name);
    link_child(dir, d, copy, name.len);
    d_put(old_parent);  // the pin link_child moved to the new parent
    return {};
}

void d_get(Dentry* d) { ++d->refs; }

void d_put(Dentry* d) {
    if (--d->refs == 0 && !d->linked) free_dentry(d);
}

bool d_is_below(const Dentry* d, const Dentry* ancestor) {
    for (;;) {
        if (d == ancestor) return true;
        if (d->parent == d) return false;
        d = d->parent;
    }
}

}  // namespace vfs
