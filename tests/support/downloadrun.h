#pragma once

#include "net/downloadmanager.h"
#include "support/testserver.h"

#include <QList>
#include <QString>

// Driving one download of the engine to its end, and what the test server saw of it: the loop every
// download test needs.
namespace Ferry::Test {

// Adds the request and waits for its downloadFinished; after timeoutMs (a hang) the current snapshot,
// whose state is then not final.
DownloadSnapshot runToEnd(DownloadManager &manager, const DownloadRequest &request, int timeoutMs = 20000);

// The requests the server saw for one path, in the order they came.
QList<RequestRecord> requestsFor(const TestServer &server, const QString &path);

} // namespace Ferry::Test
