// tests/unit/host/ext4_image.hh — ext4 images for host tests, made and checked by e2fsprogs.
//
//   Scratch dir;                                    // a temporary folder, removed at exit
//   auto tree = make_tree(dir.path + "/src", 7);    // files, dirs, symlinks, hard links
//   mkfs(dir.path + "/a.img", 32, "", dir.path + "/src");   // mkfs.ext4 -d, 32 MiB
//   Shell r = fsck(dir.path + "/a.img");           // e2fsck -fn: r.status 0 when clean
//   std::string s = debugfs(img, "cat /f");        // debugfs -R
//
// Linux's tools are the oracle: what Larch writes must look right to them.
#pragma once

#include <map>
#include <string>
#include <vector>

struct Shell {
    int status;
    std::string output;
};
/// Runs a command with sh -c, stdout and stderr together.
Shell run(const std::string& cmd);

struct Scratch {
    Scratch();
    ~Scratch();
    std::string path;
};

/// What make_tree made: relative path -> contents (files), target (symlinks, "->" prefixed),
/// or "/" (directories); and pairs of hard-linked paths.
struct Tree {
    std::map<std::string, std::string> entries;
    std::vector<std::pair<std::string, std::string>> hard_links;
};
Tree make_tree(const std::string& root, unsigned seed);

/// mkfs.ext4 -F -q [-d src] [extra options] img (size_mib MiB); aborts the test on failure.
void mkfs(const std::string& img, unsigned size_mib, const std::string& options,
          const std::string& src = "");
Shell fsck(const std::string& img);
std::string debugfs(const std::string& img, const std::string& request);
/// A reproducible pseudo-random byte string.
std::string random_bytes(size_t n, unsigned seed);
