#pragma once

#include <QMetaType>
#include <QString>

namespace Ferry {

// What went wrong, as a value: a code to branch on, a sentence for the user, and the technical
// detail (errno text, HTTP status line, TLS reason) for the log.
class TaskError
{
public:
    enum class Code {
        None,
        InvalidInput,      // a bad URL, option or file the user gave us
        Network,           // connection refused/reset, DNS, timeouts below the watchdog
        HttpStatus,        // the server answered with a status we cannot use
        Protocol,          // the server broke HTTP: bad Content-Range, short body, bad encoding
        Tls,               // certificate or handshake failure
        Redirect,          // too many, or to a scheme we refuse
        Stalled,           // no bytes, or too few, for the stall timeout
        DiskFull,          // ENOSPC/EDQUOT/EFBIG, or not enough free space for the known size
        Permission,        // the folder or file cannot be written
        FileSystem,        // any other local I/O failure
        ChecksumMismatch,  // the bytes arrived but are not the ones the user expected
        FailedToStart,     // a command that could not run: not found, not executable
        CommandFailed,     // a command that ran and failed: non-zero exit, crash, timeout
        Blocked,           // a dependency failed; retrying that dependency requeues this task
        Cancelled,
    };

    TaskError() = default;
    TaskError(Code code, QString message, QString detail = {})
        : m_code(code), m_message(std::move(message)), m_detail(std::move(detail))
    {
    }

    bool isError() const { return m_code != Code::None; }
    Code code() const { return m_code; }
    QString message() const { return m_message; }
    QString detail() const { return m_detail; }

    // "message (detail)" for one-line logs and stderr.
    QString toString() const;
    // Stable lower-case name of the code ("disk-full"), for JSON output and logs.
    static QString codeName(Code code);

    friend bool operator==(const TaskError &a, const TaskError &b)
    {
        return a.m_code == b.m_code && a.m_message == b.m_message && a.m_detail == b.m_detail;
    }

private:
    Code m_code = Code::None;
    QString m_message;
    QString m_detail;
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::TaskError)
