#include "support/archivemaker.h"

#include <QFile>

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace Ferry::Test {

namespace {

struct WriterFree
{
    void operator()(archive *a) const { archive_write_free(a); }
};

} // namespace

QString writeArchive(const QString &path, const QByteArray &format, const QByteArray &filter,
                     const QList<QPair<QByteArray, QByteArray>> &entries)
{
    std::unique_ptr<archive, WriterFree> owner(archive_write_new());
    archive *a = owner.get();
    const auto failed = [a] { return QString::fromUtf8(archive_error_string(a)); };
    if (archive_write_set_format_by_name(a, format.constData()) != ARCHIVE_OK
        || archive_write_add_filter_by_name(a, filter.constData()) != ARCHIVE_OK
        || archive_write_open_filename(a, QFile::encodeName(path).constData()) != ARCHIVE_OK)
        return failed();
    for (const auto &[name, data] : entries) {
        archive_entry *entry = archive_entry_new();
        archive_entry_update_pathname_utf8(entry, name.constData());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_mtime(entry, 1700000000, 0);
        archive_entry_set_size(entry, data.size());
        const int rc = archive_write_header(a, entry);
        archive_entry_free(entry);
        if (rc != ARCHIVE_OK || archive_write_data(a, data.constData(), size_t(data.size())) != la_ssize_t(data.size()))
            return failed();
    }
    if (archive_write_close(a) != ARCHIVE_OK)
        return failed();
    return {};
}

} // namespace Ferry::Test
