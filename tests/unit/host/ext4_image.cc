// tests/unit/host/ext4_image.cc — making and checking ext4 images with e2fsprogs (see ext4_image.hh).
#include "host/ext4_image.hh"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>

Shell run(const std::string& cmd) {
    Shell r{-1, ""};
    FILE* p = popen(("(" + cmd + ") 2>&1").c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

Scratch::Scratch() {
    char tmpl[] = "/tmp/larch-ext4-XXXXXX";
    char* p = mkdtemp(tmpl);
    if (!p) std::abort();
    path = p;
}

Scratch::~Scratch() { run("rm -rf '" + path + "'"); }

std::string random_bytes(size_t n, unsigned seed) {
    std::mt19937 g(seed);
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(g());
    return s;
}

Tree make_tree(const std::string& root, unsigned seed) {
    std::mt19937 g(seed);
    Tree t;
    mkdir(root.c_str(), 0755);
    const char* dirs[] = {"etc", "usr", "usr/bin", "usr/share", "usr/share/doc", "var", "empty"};
    for (const char* d : dirs) {
        mkdir((root + "/" + d).c_str(), 0755);
        t.entries[d] = "/";
    }
    const size_t sizes[] = {0, 1, 100, 1023, 1024, 1025, 4095, 4096, 4097, 12288, 70000, 300000};
    int i = 0;
    for (size_t sz : sizes) {
        for (const char* d : {"etc", "usr/bin", "usr/share/doc"}) {
            std::string rel =
                std::string(d) + "/file" + std::to_string(i++) + "-" + std::to_string(sz);
            std::string data = random_bytes(sz, g());
            std::ofstream(root + "/" + rel, std::ios::binary) << data;
            t.entries[rel] = data;
        }
    }
    std::string longname(200, 'n');
    std::ofstream(root + "/var/" + longname) << "long name";
    t.entries["var/" + longname] = "long name";
    symlink("../etc/file0-0", (root + "/var/fast").c_str());
    t.entries["var/fast"] = "->../etc/file0-0";
    std::string slow = "/" + std::string(100, 's') + "/target";
    symlink(slow.c_str(), (root + "/var/slow").c_str());
    t.entries["var/slow"] = "->" + slow;
    link((root + "/etc/file3-1").c_str(), (root + "/var/hard").c_str());
    t.entries["var/hard"] = t.entries["etc/file3-1"];
    t.hard_links.push_back({"etc/file3-1", "var/hard"});
    return t;
}

void mkfs(const std::string& img, unsigned size_mib, const std::string& options,
          const std::string& src) {
    std::string cmd = "rm -f '" + img + "' && mkfs.ext4 -F -q " + options +
                      (src.empty() ? "" : " -d '" + src + "'") + " '" + img + "' " +
                      std::to_string(size_mib) + "M";
    Shell r = run(cmd);
    if (r.status != 0) {
        std::fprintf(stderr, "%s failed:\n%s\n", cmd.c_str(), r.output.c_str());
        std::abort();
    }
}

Shell fsck(const std::string& img) { return run("e2fsck -fn '" + img + "'"); }

std::string debugfs(const std::string& img, const std::string& request) {
    return run("debugfs -R '" + request + "' '" + img + "' 2>/dev/null").output;
}
