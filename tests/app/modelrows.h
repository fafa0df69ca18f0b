#pragma once

#include <QAbstractItemModel>
#include <QByteArray>
#include <QVariant>

// Reads a list model by its QML role names ("text", "sender"), the way the QML delegates see it.
inline QVariant roleValue(const QAbstractItemModel *model, int row, const QByteArray &roleName)
{
    const QHash<int, QByteArray> roles = model->roleNames();
    for (auto it = roles.cbegin(); it != roles.cend(); ++it) {
        if (it.value() == roleName)
            return model->index(row, 0).data(it.key());
    }
    return {};
}

// The row whose `roleName` equals `value`, or -1.
inline int rowWhere(const QAbstractItemModel *model, const QByteArray &roleName, const QVariant &value)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (roleValue(model, row, roleName) == value)
            return row;
    }
    return -1;
}
