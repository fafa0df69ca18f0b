#pragma once

#include "streamposition.h"

#include <QHash>
#include <QString>

#include <optional>

namespace confab::client {

// The per-stream high-water marks of one engine: the position of every stream the session has
// received stored events from. The relay delivers each stream in order, so an event at or below
// the mark was delivered already (a replay overlapping what was seen, a duplicate) and is dropped,
// and a re-subscription resumes from the mark. In memory for now; the local store of a later
// issue persists it. No I/O.
class StreamCursors
{
public:
    std::optional<StreamPosition> position(const QString &stream) const;

    // Records a stored event; false when it was delivered already and must be dropped. An event
    // from another epoch than the mark's starts that epoch over: the history was reset.
    bool advance(const QString &stream, const QString &epoch, qint64 seq);

    // Whether an event was delivered already, without recording anything.
    bool covers(const QString &stream, const QString &epoch, qint64 seq) const;

    // Sets the mark, e.g. from the app's persisted position or a `synced` that restarts the history.
    void reset(const QString &stream, const StreamPosition &position);
    // Raises the mark to `position` (same epoch) or replaces it (another epoch); never lowers it.
    void raise(const QString &stream, const StreamPosition &position);

    void forget(const QString &stream) { m_positions.remove(stream); }
    void clear() { m_positions.clear(); }

private:
    QHash<QString, StreamPosition> m_positions;
};

} // namespace confab::client
