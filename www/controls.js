// The page's controls, bound to the explorer's parameters by their
// data-param attributes: a slider, a number field, a switch, a select or an
// output shows the parameter it names and changes it. The limits are the
// schema's (the build writes them into the markup); no parameter is named
// here, and nothing is computed.

/** Shows a number the way a person would type it: no float noise. */
export function tidy(v) {
  return String(Math.round(v * 1e6) / 1e6);
}

function put(el, prop, v) {
  if (el[prop] !== v) el[prop] = v;
}

/**
 * Binds every [data-param] control under `form` to `mount` (www/mount.js),
 * the [data-toggle] buttons to their switches and the [data-preset]
 * buttons to its presets. `schema` is the parameters'
 * schema (parameterSchema()). Returns write(): puts the explorer's current
 * values into every control.
 */
export function bindControls(form, mount, schema) {
  const fields = Object.fromEntries(schema.map((f) => [f.name, f]));
  const controls = [...form.querySelectorAll('[data-param]')];
  const twins = (name) => controls.filter((c) => c.dataset.param === name);

  const write = (only = null) => {
    const p = mount.params();
    for (const c of only || controls) show(c, p[c.dataset.param], fields[c.dataset.param]);
    for (const c of form.querySelectorAll('[data-enabled-by]')) put(c, 'disabled', !p[c.dataset.enabledBy]);
    for (const b of form.querySelectorAll('[data-pressed-by]')) {
      const pressed = String(Boolean(p[b.dataset.pressedBy]));
      if (b.getAttribute('aria-pressed') !== pressed) b.setAttribute('aria-pressed', pressed);
    }
  };

  for (const c of controls) {
    const name = c.dataset.param;
    if (c.tagName === 'OUTPUT') continue;
    if (c.type === 'range' || c.type === 'number') {
      const value = () => {
        const v = c.valueAsNumber;
        return Number.isFinite(v) ? Math.min(Number(c.max), Math.max(Number(c.min), v)) : null;
      };
      // A control that turns on the switch it needs (α: weighting).
      const on = c.dataset.turnsOn;
      c.addEventListener('input', () => {
        const v = value();
        if (v === null) return;
        if (on && !mount.params()[on]) {
          mount.update({ [on]: true, [name]: v });
          write();
          return;
        }
        mount.update({ [name]: v });
        // A move touches only the controls of its own parameter.
        write(twins(name).filter((t) => t !== c));
      });
      // On leaving the field, show the value actually in use.
      c.addEventListener('change', () => {
        const v = value();
        if (v !== null) mount.update(on ? { [on]: true, [name]: v } : { [name]: v });
        write();
      });
    } else if (c.type === 'checkbox' && fields[name].kind === 'charts') {
      c.addEventListener('change', () => {
        mount.update({ [name]: { ...mount.params()[name], [c.value]: c.checked } });
        write();
      });
    } else if (c.type === 'checkbox') {
      c.addEventListener('change', () => {
        mount.update({ [name]: c.checked });
        write();
      });
    } else {
      c.addEventListener('change', () => {
        mount.update({ [name]: c.value });
        write();
      });
    }
  }
  // A toggle button switches its parameter (its aria-pressed follows it).
  for (const b of form.querySelectorAll('[data-toggle]')) {
    b.addEventListener('click', () => {
      const name = b.dataset.toggle;
      mount.update({ [name]: !mount.params()[name] });
      write();
    });
  }
  for (const b of form.querySelectorAll('[data-preset]')) {
    b.addEventListener('click', () => {
      mount.preset(b.dataset.preset);
      write();
    });
  }
  return write;
}

/** Shows value `v` of the parameter `field` in control `c`. */
function show(c, v, field) {
  if (c.tagName === 'OUTPUT') {
    put(c, 'textContent', tidy(v));
  } else if (c.type === 'range') {
    put(c, 'value', String(Math.min(Number(c.max), Math.max(Number(c.min), v))));
  } else if (c.type === 'number') {
    // Do not fight a visitor who is typing into the field.
    if (c.getRootNode().activeElement === c && c.valueAsNumber === v) return;
    put(c, 'value', tidy(v));
  } else if (c.type === 'checkbox') {
    put(c, 'checked', field.kind === 'charts' ? Boolean(v[c.value]) : Boolean(v));
  } else if (field.kind === 'switch') {
    put(c, 'value', field.words[v ? 1 : 0]);
  } else {
    put(c, 'value', String(v));
  }
}
