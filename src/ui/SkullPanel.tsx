import { useState } from 'react';
import { SKULL_PARAM_SPECS } from '../anatomy/skullParams';
import { sampleSkullSubject } from '../anatomy/skullPopulation';
import { createRng } from '../anatomy/random';
import { useApp } from '../state/context';
import { ParamPanel } from './ParamPanel';
import { defaultsOf } from './defaults';

/** Fetal skull phantom parameters, plus sampling a subject from the synthetic population. */
export function SkullPanel() {
  const values = useApp((s) => s.skullParams);
  const setParam = useApp((s) => s.setSkullParam);
  const replace = useApp((s) => s.replaceParams);
  const [seed, setSeed] = useState(1);
  return (
    <ParamPanel
      title="Fetal skull phantom"
      specs={SKULL_PARAM_SPECS}
      values={values}
      onChange={setParam}
      onReset={() => replace('skull', defaultsOf(SKULL_PARAM_SPECS))}
    >
      <div className="sample-row">
        <button
          type="button"
          onClick={() => {
            replace('skull', { ...sampleSkullSubject(createRng(seed)).params });
            setSeed(seed + 1);
          }}
        >
          Sample a fetus
        </button>
      </div>
    </ParamPanel>
  );
}
