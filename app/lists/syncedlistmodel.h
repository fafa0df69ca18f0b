#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QSet>
#include <QtQml/qqmlregistration.h>

namespace confab::app {

// A list model whose rows are recomputed as a whole (a filter changed, the store changed) but
// handed to views as the smallest edits: removals, moves, inserts and changed rows. A reset would
// lose the view's scroll position and the current item, so models reset only when what they show
// is another account altogether.
class SyncedListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ANONYMOUS

public:
    using QAbstractListModel::QAbstractListModel;

protected:
    // Turns `rows` into `target` through row edits. Rows are matched by keyOf(row) (unique within
    // each list); a matched row whose value differs is reported with dataChanged. keyOf must
    // return a value type (declare `-> QString` on a lambda that concatenates strings).
    template<typename Row, typename KeyOf>
    void syncRows(QList<Row> &rows, const QList<Row> &target, KeyOf keyOf)
    {
        using Key = decltype(keyOf(target.first()));
        QSet<Key> wanted;
        for (const Row &row : target)
            wanted.insert(keyOf(row));
        // Removals, in contiguous runs from the end.
        for (qsizetype i = rows.size() - 1; i >= 0; --i) {
            if (wanted.contains(keyOf(rows.at(i))))
                continue;
            qsizetype first = i;
            while (first > 0 && !wanted.contains(keyOf(rows.at(first - 1))))
                --first;
            beginRemoveRows({}, int(first), int(i));
            rows.remove(first, i - first + 1);
            endRemoveRows();
            i = first;
        }
        // Every remaining row is wanted: walk the target, moving or inserting into place.
        for (qsizetype i = 0; i < target.size(); ++i) {
            const Key key = keyOf(target.at(i));
            if (i < rows.size() && keyOf(rows.at(i)) == key) {
                updateRow(rows, target, i);
                continue;
            }
            qsizetype found = -1;
            for (qsizetype j = i + 1; j < rows.size(); ++j) {
                if (keyOf(rows.at(j)) == key) {
                    found = j;
                    break;
                }
            }
            if (found >= 0) {
                beginMoveRows({}, int(found), int(found), {}, int(i));
                rows.move(found, i);
                endMoveRows();
                updateRow(rows, target, i);
            } else {
                beginInsertRows({}, int(i), int(i));
                rows.insert(i, target.at(i));
                endInsertRows();
            }
        }
    }

private:
    template<typename Row>
    void updateRow(QList<Row> &rows, const QList<Row> &target, qsizetype i)
    {
        if (rows.at(i) == target.at(i))
            return;
        rows[i] = target.at(i);
        const QModelIndex changed = index(int(i));
        Q_EMIT dataChanged(changed, changed);
    }
};

} // namespace confab::app
