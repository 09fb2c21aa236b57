#include "downloadtypes.h"

#include <QLocale>

namespace Ferry {

QString downloadStateName(DownloadState state)
{
    switch (state) {
    case DownloadState::Queued: return QStringLiteral("queued");
    case DownloadState::Connecting: return QStringLiteral("connecting");
    case DownloadState::Downloading: return QStringLiteral("downloading");
    case DownloadState::Retrying: return QStringLiteral("retrying");
    case DownloadState::Verifying: return QStringLiteral("verifying");
    case DownloadState::Paused: return QStringLiteral("paused");
    case DownloadState::Succeeded: return QStringLiteral("succeeded");
    case DownloadState::Failed: return QStringLiteral("failed");
    case DownloadState::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

bool isDownloadableUrl(const QUrl &url)
{
    return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") && !url.host().isEmpty();
}

QString formatBytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace Ferry
