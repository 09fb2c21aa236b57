#pragma once

#include "task/taskerror.h"

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QPromise>
#include <QString>
#include <QStringList>

#include <chrono>

namespace Ferry {

// A program and its argument list, passed to the kernel as argv: there is no shell and no command
// line, so a file called "a; rm -rf ~" or "$(touch x)" is just one argument. Placeholders such as
// {file} are filled in per argument by expandPlaceholders() and never joined into a string a
// shell would parse. Want a pipeline? Make the program /bin/sh and pass the script as one
// argument and the file as "$1": the file name still never becomes shell code.
struct CommandParams
{
    QString program;          // a path, or a bare name looked up in PATH (the child's PATH)
    QStringList arguments;    // argv[1..], each passed verbatim
    QString workingDirectory; // empty: ours. A relative program path is resolved against it.
    QMap<QString, QString> environment;   // added to (or replacing) our environment
    std::chrono::milliseconds timeout{0}; // 0: none. On expiry the program is killed: TimedOut.
    qsizetype outputLimit = 64 * 1024;    // bytes kept of each of stdout and stderr: the last ones
    // After SIGTERM (cancel or timeout), how long the program may tidy up before SIGKILL.
    std::chrono::milliseconds killGrace{50};
};

struct CommandResult
{
    enum class Outcome {
        Succeeded,     // exit code 0
        NonZeroExit,   // ran and exited with exitCode != 0
        FailedToStart, // not found, not executable, bad working folder
        Crashed,       // killed by a signal we did not send
        TimedOut,      // ran past CommandParams::timeout and was killed
    };

    Outcome outcome = Outcome::FailedToStart;
    int exitCode = -1;             // valid for Succeeded and NonZeroExit
    QByteArray standardOutput;     // the last outputLimit bytes
    QByteArray standardError;      // the last outputLimit bytes
    qint64 standardOutputBytes = 0; // everything the program wrote, kept or not
    qint64 standardErrorBytes = 0;
    std::chrono::milliseconds elapsed{0};
    TaskError error;               // set for every outcome but Succeeded

    bool succeeded() const { return outcome == Outcome::Succeeded; }
    bool standardOutputTruncated() const { return standardOutputBytes > standardOutput.size(); }
    bool standardErrorTruncated() const { return standardErrorBytes > standardError.size(); }
};

// Runs the program on the calling (pool) thread with a QProcess of its own and waits for it,
// polling every few milliseconds for cancel and timeout. The program gets its own process group,
// so a cancel or timeout stops what it started too: SIGTERM to the group, SIGKILL after killGrace.
// A cancel ends the step without a result (the future reports cancelled) within about
// killGrace + 20 ms. Progress is 0 then 1000 per-mille: a program does not tell us more.
// Output the program writes is its own business: point it at a staging folder if a cancel must
// leave nothing behind.
void runCommand(QPromise<CommandResult> &promise, const CommandParams &params);

// Fills {name} placeholders inside each argument separately, in one pass (a value that contains
// "{file}" is not expanded again). Unknown names and lone braces are left as they are.
QStringList expandPlaceholders(const QStringList &arguments, const QHash<QString, QString> &values);

} // namespace Ferry
