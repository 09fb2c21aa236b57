// Times the timeline with a long session: N finished spans over L lanes (plus a running span per
// lane), painted offscreen into a 1400x400 image with the whole session in view and zoomed in to a
// second, and the cost of applying an engine update of 20 new spans.
//
//   QT_QPA_PLATFORM=offscreen bench_timeline [--spans N] [--lanes L] [--frames F]
//
// Prints "name median min max" lines in ms.

#include "timelinemodel.h"
#include "timelineview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

void report(const char *name, QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    std::printf("%s %.3f %.3f %.3f\n", name, ms.at(ms.size() / 2), ms.first(), ms.last());
}

QList<double> time(int runs, const std::function<void()> &work)
{
    QList<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        ms.append(double(timer.nsecsElapsed()) / 1e6);
    }
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    int spans = 100'000;
    int lanes = 200;
    int frames = 30;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == u"--spans"_s)
            spans = args.at(i + 1).toInt();
        else if (args.at(i) == u"--lanes"_s)
            lanes = args.at(i + 1).toInt();
        else if (args.at(i) == u"--frames"_s)
            frames = args.at(i + 1).toInt();
    }
    spans = std::max(spans, lanes);

    // Spans of 50-250 ms, back to back on each lane, like requests on a connection.
    TimelineModel model;
    TraceUpdate update;
    const int perLane = spans / lanes;
    qint64 end = 0;
    for (int lane = 0; lane < lanes; ++lane) {
        const QString name = lane < 4 ? u"worker %1"_s.arg(lane + 1) : u"task %1 · connection %2"_s.arg(lane / 4).arg(lane % 4 + 1);
        qint64 t = 0;
        for (int i = 0; i < perLane; ++i) {
            const qint64 length = 50'000 + (i * 7919 + lane * 104729) % 200'000;
            update.finished.append({ TaskId(lane / 4 + 1), lane < 4 ? TaskKind::Hash : TaskKind::Download, u"file"_s,
                                     u"bytes"_s, name, t, t + length, 1 << 20, i % 50 == 0 ? u"Connection reset"_s : u"ok"_s });
            t += length + 1000;
        }
        update.running.append({ TaskId(lane / 4 + 1), TaskKind::Download, u"file"_s, u"bytes"_s, name, t, -1, 0, {} });
        end = std::max(end, t);
    }
    update.nowUs = end + 1000;
    QElapsedTimer timer;
    timer.start();
    model.apply(update);
    std::printf("spans %lld lanes %lld session_s %.1f load_ms %.1f\n", qint64(model.spans().size()),
                qint64(model.lanes().size()), double(end) / 1e6, double(timer.nsecsElapsed()) / 1e6);

    TimelineView view(&model);
    view.resize(1400, 400);
    view.setFollowNow(false);
    QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
    view.zoomToFit();
    report("paint_whole_session", time(frames, [&] { view.render(&image); }));
    view.showRange(end / 2, end / 2 + 1'000'000);
    report("paint_one_second", time(frames, [&] { view.render(&image); }));

    // An engine flush: 20 spans ended, the running set replaced.
    qint64 t = end + 2000;
    report("apply_update_20_spans", time(frames, [&] {
        TraceUpdate next;
        for (int i = 0; i < 20; ++i) {
            const QString name = u"task %1 · connection %2"_s.arg(1 + i % (lanes / 4)).arg(1 + i % 4);
            next.finished.append({ TaskId(1), TaskKind::Download, u"file"_s, u"bytes"_s, name, t, t + 50'000, 1, u"ok"_s });
        }
        next.running = update.running;
        next.nowUs = t += 60'000;
        model.apply(next);
    }));
    return 0;
}
