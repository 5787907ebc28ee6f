// tests/unit/host/file_block_device.hh — block devices for host tests: an image file, and memory.
//
//   auto dev = FileBlockDevice::open("build/t.img");    // nullptr if it cannot be opened
//   MemoryBlockDevice mem(bytes, size);                  // a copy of the bytes, e.g. for a fuzzer
//
// Both count their writes and flushes; a MemoryBlockDevice can also be told to fail every
// access from the n-th write on, to test what a file system does when the disk goes away.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fs/block/block_device.hh"

class FileBlockDevice final : public fs::BlockDevice {
public:
    static std::unique_ptr<FileBlockDevice> open(const std::string& path);
    ~FileBlockDevice() override;
    u64 sector_count() const override { return sectors_; }
    Result<void> read(u64 sector, u32 count, void* buf) override;
    Result<void> write(u64 sector, u32 count, const void* buf) override;
    Result<void> flush() override;
    u64 writes = 0, flushes = 0;

private:
    FileBlockDevice(int fd, u64 sectors) : fd_(fd), sectors_(sectors) {}
    int fd_;
    u64 sectors_;
};

class MemoryBlockDevice final : public fs::BlockDevice {
public:
    MemoryBlockDevice(const void* bytes, usize size);
    u64 sector_count() const override { return bytes.size() / fs::SECTOR_SIZE; }
    Result<void> read(u64 sector, u32 count, void* buf) override;
    Result<void> write(u64 sector, u32 count, const void* buf) override;
    Result<void> flush() override;
    std::vector<u8> bytes;
    u64 writes = 0, flushes = 0;
    /// Writes numbered >= this (0-based) fail with EIO; so do reads once one has failed.
    u64 fail_from_write = ~u64{0};

    /// With record on, every write and flush is appended to log, in issue order: what a
    /// crash test replays in part (a flush has count 0 and no data).
    struct Event {
        u64 sector;
        u32 count;
        std::vector<u8> data;
    };
    bool record = false;
    std::vector<Event> log;
};
