#include "messagelog.h"

#include "applogging.h"

#include <QAbstractItemModel>

namespace confab::app {

MessageLog::MessageLog(QAbstractItemModel *model, QObject *parent) : QObject(parent), m_model(model)
{
    if (!model)
        return;
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { scan(first, last); });
    connect(model, &QAbstractItemModel::modelReset, this, [this, model] { scan(0, model->rowCount() - 1); });
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                scan(topLeft.row(), bottomRight.row());
            });
}

void MessageLog::reset(const QString &stream)
{
    m_stream = stream;
    m_highestLogged = 0;
}

int MessageLog::role(const QAbstractItemModel *model, const QByteArray &name)
{
    const QHash<int, QByteArray> roles = model->roleNames();
    for (auto it = roles.cbegin(); it != roles.cend(); ++it) {
        if (it.value() == name)
            return it.key();
    }
    return -1;
}

void MessageLog::scan(int first, int last)
{
    // One local pointer throughout: GCC's -O2 null-dereference analysis doubts a re-read QPointer.
    const QAbstractItemModel *model = m_model.data();
    if (model == nullptr || !lcApp().isDebugEnabled() || first < 0)
        return;
    const int seqRole = role(model, "seq");
    const int senderRole = role(model, "sender");
    if (seqRole < 0)
        return;
    // Older pages arrive above what was logged: log what is new at the bottom only, once.
    for (int row = first; row <= last && row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        const qint64 seq = index.data(seqRole).toLongLong();
        if (seq <= m_highestLogged)
            continue;
        m_highestLogged = seq;
        qCDebug(lcApp).noquote() << "showing message" << seq << "from" << index.data(senderRole).toString()
                                 << "in" << m_stream;
    }
}

} // namespace confab::app
