#include "taskerror.h"

namespace Ferry {

QString TaskError::toString() const
{
    if (m_detail.isEmpty() || m_detail == m_message)
        return m_message;
    return m_message + u" (" + m_detail + u')';
}

QString TaskError::codeName(Code code)
{
    switch (code) {
    case Code::None: return QStringLiteral("none");
    case Code::InvalidInput: return QStringLiteral("invalid-input");
    case Code::Network: return QStringLiteral("network");
    case Code::HttpStatus: return QStringLiteral("http-status");
    case Code::Protocol: return QStringLiteral("protocol");
    case Code::Tls: return QStringLiteral("tls");
    case Code::Redirect: return QStringLiteral("redirect");
    case Code::Stalled: return QStringLiteral("stalled");
    case Code::DiskFull: return QStringLiteral("disk-full");
    case Code::Permission: return QStringLiteral("permission");
    case Code::FileSystem: return QStringLiteral("file-system");
    case Code::ChecksumMismatch: return QStringLiteral("checksum-mismatch");
    case Code::FailedToStart: return QStringLiteral("failed-to-start");
    case Code::CommandFailed: return QStringLiteral("command-failed");
    case Code::Blocked: return QStringLiteral("blocked");
    case Code::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

} // namespace Ferry
