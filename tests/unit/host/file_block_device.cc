// tests/unit/host/file_block_device.cc — the host test block devices (see file_block_device.hh).
#include "host/file_block_device.hh"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

std::unique_ptr<FileBlockDevice> FileBlockDevice::open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR);
    if (fd < 0) return nullptr;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        ::close(fd);
        return nullptr;
    }
    return std::unique_ptr<FileBlockDevice>(
        new FileBlockDevice(fd, static_cast<u64>(st.st_size) / fs::SECTOR_SIZE));
}

FileBlockDevice::~FileBlockDevice() { ::close(fd_); }

Result<void> FileBlockDevice::read(u64 sector, u32 count, void* buf) {
    if (sector + count > sectors_ || sector + count < sector) return Error(EIO);
    usize len = usize{count} * fs::SECTOR_SIZE;
    if (pread(fd_, buf, len, static_cast<off_t>(sector * fs::SECTOR_SIZE)) !=
        static_cast<ssize_t>(len))
        return Error(EIO);
    return {};
}

Result<void> FileBlockDevice::write(u64 sector, u32 count, const void* buf) {
    if (sector + count > sectors_ || sector + count < sector) return Error(EIO);
    usize len = usize{count} * fs::SECTOR_SIZE;
    writes++;
    if (pwrite(fd_, buf, len, static_cast<off_t>(sector * fs::SECTOR_SIZE)) !=
        static_cast<ssize_t>(len))
        return Error(EIO);
    return {};
}

Result<void> FileBlockDevice::flush() {
    flushes++;
    return {};  // the tests read the file back in this same machine: no fsync needed
}

MemoryBlockDevice::MemoryBlockDevice(const void* data, usize size)
    : bytes(static_cast<const u8*>(data), static_cast<const u8*>(data) + size) {}

Result<void> MemoryBlockDevice::read(u64 sector, u32 count, void* buf) {
    if (writes > fail_from_write) return Error(EIO);
    if (sector + count > sector_count() || sector + count < sector) return Error(EIO);
    std::memcpy(buf, bytes.data() + sector * fs::SECTOR_SIZE, usize{count} * fs::SECTOR_SIZE);
    return {};
}

Result<void> MemoryBlockDevice::write(u64 sector, u32 count, const void* buf) {
    if (writes++ >= fail_from_write) return Error(EIO);
    if (sector + count > sector_count() || sector + count < sector) return Error(EIO);
    std::memcpy(bytes.data() + sector * fs::SECTOR_SIZE, buf, usize{count} * fs::SECTOR_SIZE);
    if (record) {
        const u8* p = static_cast<const u8*>(buf);
        log.push_back(Event{sector, count, std::vector<u8>(p, p + usize{count} * fs::SECTOR_SIZE)});
    }
    return {};
}

Result<void> MemoryBlockDevice::flush() {
    flushes++;
    if (record) log.push_back(Event{0, 0, {}});
    return {};
}
