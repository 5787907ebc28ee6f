// kernel/fs/vfs/namei.cc — the path walk (namei.hh).
#include "fs/vfs/namei.hh"

#include "lib/string.hh"

namespace vfs {
namespace {

struct Walker {
    const Path& root;
    const Cred* cred;
    int links = 0;  // symbolic links followed so far
};

StrView next_component(StrView& rest) {
    usize i = 0;
    while (i < rest.len && rest[i] == '/') ++i;
    usize start = i;
    while (i < rest.len && rest[i] != '/') ++i;
    StrView c = rest.substr(start, i - start);
    rest = rest.substr(i);
    return c;
}

bool only_slashes(StrView s) {
    for (usize i = 0; i < s.len; ++i)
        if (s[i] != '/') return false;
    return true;
}

// One step up from @p p, staying at the walk's root and crossing mount roots.
void step_up(Path& p, const Path& root) {
    for (;;) {
        if (p == root) return;
        if (p.dentry == p.mnt->root && p.mnt->parent) {  // back to the mountpoint
            Path up{p.mnt->parent, p.mnt->mountpoint};
            d_get(up.dentry);
            path_put(p);
            p = up;
            continue;
        }
        break;
    }
    if (p.dentry->parent == p.dentry) return;  // the root of the root mount
    Dentry* parent = p.dentry->parent;
    d_get(parent);
    d_put(p.dentry);
    p.dentry = parent;
}

Result<void> walk_from(Walker& w, Path& p, StrView path, u32 flags);

// Replaces @p p (a directory holding link @p link) with the link's target.
Result<void> follow_link(Walker& w, Path& p, Dentry* link, u32 flags) {
    if (++w.links > MAX_SYMLINKS) return Error(ELOOP);
    StrView target(link->inode->link);
    if (target.empty()) return Error(ENOENT);
    if (target[0] == '/') {
        path_put(p);
        p = path_get(w.root);
    }
    return walk_from(w, p, target, flags);
}

// Walks @p path from @p p (holding a reference), leaving the result in @p p.
Result<void> walk_from(Walker& w, Path& p, StrView path, u32 flags) {
    StrView rest = path;
    for (;;) {
        StrView name = next_component(rest);
        if (name.empty()) return {};  // "" or trailing slashes: stays (checked by callers)
        bool last = only_slashes(rest);
        bool slash_after = last && !rest.empty();
        if (!is_dir(p.dentry->inode->mode)) return Error(ENOTDIR);
        TRY(permission(*p.dentry->inode, MAY_EXEC, w.cred));
        if (name.len > NAME_MAX) return Error(ENAMETOOLONG);
        if (name == StrView(".")) continue;
        if (name == StrView("..")) {
            step_up(p, w.root);
            continue;
        }
        Dentry* child = d_lookup(p.dentry, name);
        if (!child) return Error(ENOENT);
        if (is_lnk(child->inode->mode) && (!last || slash_after || (flags & WALK_FOLLOW))) {
            u32 inner = last ? (flags | WALK_FOLLOW) : WALK_FOLLOW;
            TRY(follow_link(w, p, child, inner));
            continue;
        }
        Path next{p.mnt, child};
        d_get(child);
        path_put(p);
        p = next;
        follow_mounts(p);
        if (slash_after && !is_dir(p.dentry->inode->mode)) return Error(ENOTDIR);
    }
}

}  // namespace

void follow_mounts(Path& p) {
    while (Mount* m = mount_on(p.mnt, p.dentry)) {
        Path next{m, m->root};
        d_get(m->root);
        path_put(p);
        p = next;
    }
}

Result<Path> walk(const WalkStart& start, StrView path, u32 flags) {
    if (path.empty()) return Error(ENOENT);
    Walker w{start.root, start.cred};
    Path p = path_get(path[0] == '/' ? start.root : start.cwd);
    auto r = walk_from(w, p, path, flags);
    if (r.is_error()) {
        path_put(p);
        return Error(r.error());
    }
    if ((flags & WALK_DIRECTORY) && !is_dir(p.dentry->inode->mode)) {
        path_put(p);
        return Error(ENOTDIR);
    }
    return p;
}

Result<Parent> walk_parent(const WalkStart& start, StrView path) {
    if (path.empty()) return Error(ENOENT);
    usize end = path.len;
    while (end > 0 && path[end - 1] == '/') --end;
    usize begin = end;
    while (begin > 0 && path[begin - 1] != '/') --begin;
    Parent r;
    r.last = path.substr(begin, end - begin);
    r.trailing_slash = end < path.len && end > 0;
    if (r.last.len > NAME_MAX) return Error(ENAMETOOLONG);
    StrView dir = path.substr(0, begin);
    if (dir.empty()) {
        r.dir = path_get(path[0] == '/' ? start.root : start.cwd);
    } else {
        r.dir = TRY(walk(start, dir, WALK_FOLLOW | WALK_DIRECTORY));
    }
    if (!is_dir(r.dir.dentry->inode->mode)) {
        path_put(r.dir);
        return Error(ENOTDIR);
    }
    if (!r.last.empty()) {  // the last component is looked up in it
        if (auto ok = permission(*r.dir.dentry->inode, MAY_EXEC, start.cred); ok.is_error()) {
            path_put(r.dir);
            return Error(ok.error());
        }
    }
    return r;
}

Result<usize> path_name(const Path& root, const Path& p, char* buf, usize size) {
    if (!p.dentry->linked) return Error(ENOENT);
    // Collected backwards from the end of buf.
    usize at = size;
    auto put = [&](const char* s, usize n) -> bool {
        if (n > at) return false;
        at -= n;
        memcpy(buf + at, s, n);
        return true;
    };
    if (!put("", 1)) return Error(ERANGE);
    Path cur = p;
    bool any = false;
    while (!(cur == root)) {
        if (cur.dentry == cur.mnt->root) {
            if (!cur.mnt->parent) break;  // outside the root: stop at the real root
            cur = Path{cur.mnt->parent, cur.mnt->mountpoint};
            continue;
        }
        if (!put(cur.dentry->name, cur.dentry->name_len) || !put("/", 1)) return Error(ERANGE);
        any = true;
        cur.dentry = cur.dentry->parent;
    }
    if (!any && !put("/", 1)) return Error(ERANGE);
    usize len = size - at;
    memmove(buf, buf + at, len);
    return len;
}

}  // namespace vfs
