import { useCallback, useEffect, useState } from 'react'
import {
  AuthRequired,
  ApiError,
  deleteCustomer,
  fetchCustomers,
  fetchMe,
  login,
  logout,
  saveCustomer,
  storedTenant,
  storeTenant,
} from './api.js'
import { environmentName } from './config.js'

const WRITERS = ['member', 'admin', 'owner']

function LoginForm({ onLoggedIn }) {
  const [error, setError] = useState(null)

  async function submit(event) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    try {
      await login(form.get('username'), form.get('password'))
      setError(null)
      onLoggedIn()
    } catch (e) {
      setError(e.message)
    }
  }

  return (
    <form onSubmit={submit} aria-label="login" className="card stack">
      <h2>Log in</h2>
      <label>
        Username <input name="username" autoComplete="username" required />
      </label>
      <label>
        Password <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit">Log in</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  )
}

function TenantSwitcher({ tenants, tenantId, onChange }) {
  if (tenants.length < 2) {
    const only = tenants[0]
    return only ? <span className="tenant">{only.name}</span> : null
  }
  return (
    <label className="tenant">
      Tenant{' '}
      <select name="tenant" value={tenantId} onChange={(e) => onChange(e.target.value)}>
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  )
}

function Field({ name, label, errors, children }) {
  const messages = errors[name] || []
  const errorId = `customer-${name}-error`
  return (
    <div className="field">
      <label htmlFor={`customer-${name}`}>{label}</label>
      {children({ id: `customer-${name}`, 'aria-invalid': messages.length > 0, 'aria-describedby': messages.length ? errorId : undefined })}
      {messages.length > 0 && (
        <p id={errorId} className="error" data-testid={`error-${name}`}>
          {messages.join(' ')}
        </p>
      )}
    </div>
  )
}

function CustomerForm({ customer, customers, tenantId, onSaved, onCancel }) {
  const [errors, setErrors] = useState({})
  const [message, setMessage] = useState(null)
  const [busy, setBusy] = useState(false)

  async function submit(event) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const parent = form.get('parent')
    setBusy(true)
    try {
      await saveCustomer(tenantId, {
        id: customer.id,
        name: form.get('name'),
        email: form.get('email'),
        parent: parent ? Number(parent) : null,
      })
      onSaved()
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.fields)
        setMessage(e.fields.non_field_errors ? e.fields.non_field_errors.join(' ') : e.message)
      } else {
        setMessage(e.message)
      }
    } finally {
      setBusy(false)
    }
  }

  const parents = customers.filter((c) => c.id !== customer.id)
  return (
    <form onSubmit={submit} aria-label="customer" className="card stack" noValidate>
      <h2>{customer.id ? `Edit ${customer.name}` : 'New customer'}</h2>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <Field name="name" label="Name" errors={errors}>
        {(props) => <input {...props} name="name" defaultValue={customer.name || ''} />}
      </Field>
      <Field name="email" label="Email" errors={errors}>
        {(props) => <input {...props} name="email" type="email" defaultValue={customer.email || ''} />}
      </Field>
      <Field name="parent" label="Parent account" errors={errors}>
        {(props) => (
          <select {...props} name="parent" defaultValue={customer.parent || ''}>
            <option value="">(none)</option>
            {parents.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function CustomerTable({ customers, canWrite, onEdit, onDelete }) {
  if (customers.length === 0) return <p>No customers yet.</p>
  const names = Object.fromEntries(customers.map((c) => [c.id, c.name]))
  return (
    <table>
      <caption className="visually-hidden">Customers of the tenant</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Parent</th>
          {canWrite && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {customers.map((c) => (
          <tr key={c.id} data-testid="customer">
            <td>{c.name}</td>
            <td>{c.email}</td>
            <td>{c.parent ? names[c.parent] || '' : ''}</td>
            {canWrite && (
              <td>
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => onEdit(c)} aria-label={`Edit ${c.name}`}>
                    Edit
                  </button>
                  <button type="button" className="danger" onClick={() => onDelete(c)} aria-label={`Delete ${c.name}`}>
                    Delete
                  </button>
                </div>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export default function App() {
  const [me, setMe] = useState(null)
  const [tenantId, setTenantId] = useState(null)
  const [customers, setCustomers] = useState(null)
  const [editing, setEditing] = useState(null)
  const [error, setError] = useState(null)
  const [needsLogin, setNeedsLogin] = useState(false)

  const fail = useCallback((e) => {
    if (e instanceof AuthRequired) setNeedsLogin(true)
    else setError(e.message)
  }, [])

  const start = useCallback(() => {
    setError(null)
    fetchMe()
      .then((user) => {
        setNeedsLogin(false)
        setMe(user)
        const ids = user.tenants.map((t) => t.id)
        const remembered = storedTenant()
        const fallback = (user.tenants.find((t) => t.is_default) || user.tenants[0] || {}).id || null
        setTenantId(ids.includes(remembered) ? remembered : fallback)
      })
      .catch(fail)
  }, [fail])

  const load = useCallback(() => {
    if (!tenantId) return
    setError(null)
    fetchCustomers(tenantId).then(setCustomers).catch(fail)
  }, [tenantId, fail])

  useEffect(start, [start])
  useEffect(load, [load])

  function switchTenant(id) {
    storeTenant(id)
    setEditing(null)
    setCustomers(null)
    setTenantId(id)
  }

  async function remove(customer) {
    try {
      await deleteCustomer(tenantId, customer.id)
      load()
    } catch (e) {
      fail(e)
    }
  }

  const tenant = me && me.tenants.find((t) => t.id === tenantId)
  const canWrite = Boolean(tenant && WRITERS.includes(tenant.role))

  return (
    <>
      <header className="bar">
        <span className="brand">Customers</span>
        {me && <TenantSwitcher tenants={me.tenants} tenantId={tenantId || ''} onChange={switchTenant} />}
        {me && (
          <span className="user">
            {me.username}
            {tenant && <span className="role"> ({tenant.role})</span>}{' '}
            <button
              type="button"
              className="secondary"
              onClick={() => {
                logout()
                setMe(null)
                setTenantId(null)
                setCustomers(null)
                setEditing(null)
                setNeedsLogin(true)
              }}
            >
              Log out
            </button>
          </span>
        )}
      </header>
      <main>
        <h1>Customers{tenant ? ` of ${tenant.name}` : ''}</h1>
        <p className="environment">Environment: {environmentName()}</p>
        {needsLogin && <LoginForm onLoggedIn={start} />}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {me && me.tenants.length === 0 && <p>You are not a member of any tenant yet.</p>}
        {!needsLogin && !error && tenantId && customers === null && <p>Loading…</p>}
        {customers && canWrite && !editing && (
          <p>
            <button type="button" data-testid="add-customer" onClick={() => setEditing({})}>
              Add customer
            </button>
          </p>
        )}
        {customers && editing && (
          <CustomerForm
            key={editing.id || 'new'}
            customer={editing}
            customers={customers}
            tenantId={tenantId}
            onSaved={() => {
              setEditing(null)
              load()
            }}
            onCancel={() => setEditing(null)}
          />
        )}
        {customers && <CustomerTable customers={customers} canWrite={canWrite} onEdit={setEditing} onDelete={remove} />}
      </main>
    </>
  )
}
