import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { MEDIA_MAX_BYTES, type MediaPurpose } from '../../../shared/constants';
import { errorMessage } from '../../api/http';
import { uploadPhoto, type PhotoUpload } from '../../api/media';
import './index.scss';

export interface PickedPhoto {
  key: string;
  /** The local file (a temp path, or a blob: URL on H5): the thumbnail before and after upload. */
  path: string;
  status: 'queued' | 'uploading' | 'done' | 'failed';
  progress: number;
  /** The server's photo id once uploaded. */
  id?: string;
  error?: string;
  /** False when trying again cannot help (too large). */
  retryable?: boolean;
}

/** What the parent needs: the uploaded photos' ids in order, and whether any is still on its way. */
export interface PhotoPickerValue {
  ids: string[];
  uploading: boolean;
}

const TOO_LARGE = `照片太大了（最大 ${MEDIA_MAX_BYTES / 1024 / 1024} MB），请换一张`;

/**
 * Photos for one purpose (hand-over proof, a thank-you drawing, a receipt): choose from the album
 * or the camera, each uploads at once — one at a time, as village networks are weak — with its
 * progress on the thumbnail; a failed one is retried by a tap, any one can be removed.
 */
export function PhotoPicker({
  purpose,
  max,
  min = 0,
  disabled,
  onChange,
  testId = 'photo-picker',
}: {
  purpose: MediaPurpose;
  max: number;
  min?: number;
  disabled?: boolean;
  onChange: (value: PhotoPickerValue) => void;
  testId?: string;
}) {
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  // The list as of the last change, for handlers and upload callbacks that outlive a render.
  const current = useRef<PickedPhoto[]>([]);
  const uploads = useRef(new Map<string, PhotoUpload>());
  const nextKey = useRef(0);
  const reported = useRef('');
  const alive = useRef(true);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  const commit = (next: PickedPhoto[]) => {
    current.current = next;
    setPhotos(next);
    const ids = next.flatMap((p) => (p.status === 'done' && p.id ? [p.id] : []));
    const uploading = next.some((p) => p.status === 'queued' || p.status === 'uploading');
    const key = `${ids.join(',')}|${uploading}`;
    if (key !== reported.current) {
      reported.current = key;
      onChangeRef.current({ ids, uploading });
    }
  };
  const update = (key: string, patch: Partial<PickedPhoto>) =>
    commit(current.current.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  // One upload at a time (village networks are weak): when none runs, the next queued one starts.
  const pump = () => {
    const list = current.current;
    if (!alive.current || list.some((p) => p.status === 'uploading')) return;
    const next = list.find((p) => p.status === 'queued');
    if (!next) return;
    update(next.key, { status: 'uploading', progress: 0, error: undefined });
    const upload = uploadPhoto(next.path, purpose, (progress) => update(next.key, { progress }));
    uploads.current.set(next.key, upload);
    upload
      .then(
        (media) => update(next.key, { status: 'done', progress: 100, id: media.id }),
        (e: unknown) =>
          update(next.key, { status: 'failed', error: errorMessage(e, '上传失败，请重试'), retryable: true }),
      )
      .finally(() => {
        uploads.current.delete(next.key);
        pump();
      });
  };

  // Stop what is still going out when the page goes away.
  useEffect(() => {
    alive.current = true;
    const running = uploads.current;
    return () => {
      alive.current = false;
      running.forEach((u) => u.abort());
    };
  }, []);

  const choose = async () => {
    const room = max - photos.length;
    if (disabled || room <= 0) return;
    let files: { tempFilePath: string; size: number }[];
    try {
      const res = await Taro.chooseMedia({
        count: room,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      });
      files = res.tempFiles;
    } catch (e) {
      const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
      if (!msg.includes('cancel')) void Taro.showToast({ title: '没能打开相册，请重试', icon: 'none' });
      return;
    }
    // H5 skips a file the browser cannot show (HEIC on a desktop): say so rather than nothing.
    if (files.length === 0) {
      void Taro.showToast({ title: '没能读取这张照片，请换一张', icon: 'none' });
      return;
    }
    // Photos may have been removed meanwhile; H5 does not stop at `count` either.
    const added = files.slice(0, max - current.current.length).map((f): PickedPhoto => {
      const key = `p${nextKey.current++}`;
      return f.size > MEDIA_MAX_BYTES
        ? { key, path: f.tempFilePath, status: 'failed', progress: 0, error: TOO_LARGE, retryable: false }
        : { key, path: f.tempFilePath, status: 'queued', progress: 0 };
    });
    commit([...current.current, ...added]);
    pump();
  };

  const remove = (key: string) => {
    // Off the list first: the aborted upload's answer then finds nothing to mark as failed.
    const upload = uploads.current.get(key);
    commit(current.current.filter((p) => p.key !== key));
    upload?.abort();
  };

  const tap = (p: PickedPhoto) => {
    if (p.status === 'failed' && p.retryable && !disabled) {
      update(p.key, { status: 'queued', error: undefined });
      pump();
    } else if (p.status === 'done') {
      const urls = photos.filter((q) => q.status === 'done').map((q) => q.path);
      void Taro.previewImage({ urls, current: p.path });
    }
  };

  const doneCount = photos.filter((p) => p.status === 'done').length;
  const lastError = [...photos].reverse().find((p) => p.status === 'failed')?.error;
  return (
    <View className="photo-picker" data-testid={testId}>
      <View className="photo-picker__grid">
        {photos.map((p) => (
          <View
            key={p.key}
            className={`photo-picker__tile photo-picker__tile--${p.status}`}
            data-testid={`${testId}-photo`}
            data-status={p.status}
            onClick={() => tap(p)}
          >
            <Image className="photo-picker__img" src={p.path} mode="aspectFill" />
            {p.status !== 'done' && (
              <View className="photo-picker__veil">
                <Text className="photo-picker__state">{stateText(p)}</Text>
                {p.status === 'failed' && p.retryable && (
                  <Text className="photo-picker__retry">点按重试</Text>
                )}
                {p.status === 'uploading' && (
                  <View className="photo-picker__bar">
                    <View className="photo-picker__bar-fill" style={{ width: `${p.progress}%` }} />
                  </View>
                )}
              </View>
            )}
            {!disabled && (
              <View
                className="photo-picker__remove"
                role="button"
                aria-label="删除这张照片"
                data-testid={`${testId}-remove`}
                onClick={(e) => {
                  e.stopPropagation();
                  remove(p.key);
                }}
              >
                ×
              </View>
            )}
          </View>
        ))}
        {photos.length < max && !disabled && (
          <View
            className="photo-picker__tile photo-picker__add"
            role="button"
            data-testid={`${testId}-add`}
            onClick={() => void choose()}
          >
            <Text className="photo-picker__plus">+</Text>
            <Text className="photo-picker__add-text">{photos.length ? '再加一张' : '拍照或选图'}</Text>
          </View>
        )}
      </View>
      <Text className="photo-picker__count">
        已上传 {doneCount} 张{min > 0 ? `，至少 ${min} 张` : ''}，最多 {max} 张
      </Text>
      {lastError && (
        <View className="photo-picker__error" role="alert" data-testid={`${testId}-error`}>
          {lastError}
        </View>
      )}
    </View>
  );
}

function stateText(p: PickedPhoto): string {
  switch (p.status) {
    case 'queued':
      return '等待上传';
    case 'uploading':
      return p.progress >= 100 ? '处理中…' : `上传中 ${p.progress}%`;
    case 'failed':
      return p.retryable ? '上传失败' : '无法上传';
    default:
      return '';
  }
}
