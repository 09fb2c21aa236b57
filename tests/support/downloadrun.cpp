#include "downloadrun.h"

#include <QSignalSpy>

namespace Ferry::Test {

DownloadSnapshot runToEnd(DownloadManager &manager, const DownloadRequest &request, int timeoutMs)
{
    QSignalSpy finished(&manager, &DownloadManager::downloadFinished);
    const DownloadId id = manager.add(request);
    for (;;) {
        for (const QList<QVariant> &args : std::as_const(finished)) {
            const auto s = args.at(0).value<DownloadSnapshot>();
            if (s.id == id)
                return s;
        }
        if (!finished.wait(timeoutMs))
            return manager.snapshot(id);
    }
}

QList<RequestRecord> requestsFor(const TestServer &server, const QString &path)
{
    QList<RequestRecord> out;
    for (const RequestRecord &r : server.requests()) {
        if (r.path == path)
            out.append(r);
    }
    return out;
}

} // namespace Ferry::Test
